"""Bad input is refused before training, with a message that names the fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.exceptions import NotFittedError

from gan_augment import GANAugmenter
from gan_augment._sampling import noise


class TrainingSpy:
    """Records whether training ever began."""

    def __init__(self):
        self.started = False

    def on_train_begin(self, info):
        self.started = True


@pytest.fixture
def pima(dataset):
    return dataset("pima")


def _refused(X, y, error=ValueError, match="", **params):
    spy = TrainingSpy()
    augmenter = GANAugmenter(**{"n_steps": 5, "callbacks": [spy], **params})
    with pytest.raises(error, match=match):
        augmenter.fit_resample(X, y)
    assert not spy.started, "training started before the input was checked"
    assert not hasattr(augmenter, "generators_")


def test_nan_and_inf(pima):
    X, y = pima
    X_nan = X.astype({"Mass": float})
    X_nan.loc[3, "Mass"] = np.nan
    _refused(X_nan, y, match=r"NaN or infinity in columns \['Mass'\].*SimpleImputer")
    X_inf = X.astype({"Pedi": float})
    X_inf.loc[5, "Pedi"] = np.inf
    _refused(X_inf, y, match="NaN or infinity")
    X_cat = X.assign(colour=pd.Categorical(["red", None] * (len(X) // 2)))
    _refused(X_cat, y, match=r"columns \['colour'\]")


@pytest.mark.parametrize("dtype", ["Int64", "boolean", "Float64"])
def test_missing_values_in_nullable_columns(pima, dtype):
    # pd.NA hides under an integer or bool dtype: it must be refused like NaN,
    # not trained on (Int64 diverged; boolean gave <NA> in synthetic rows).
    X, y = pima
    values = X["Preg"] if dtype != "boolean" else X["Preg"] > 3
    column = pd.array(values, dtype=dtype)
    column[7] = pd.NA
    _refused(X.assign(extra=column), y, match=r"NaN or infinity in columns \['extra'\]")


def test_one_class_only(pima):
    X, y = pima
    _refused(X, np.zeros(len(X), dtype=int), match="more than 1 class")


def test_mismatched_lengths(pima):
    X, y = pima
    _refused(X, y[:-5], match="inconsistent numbers of samples: X has 768 rows")


def test_empty_input():
    _refused(np.empty((0, 3)), np.empty(0, dtype=int), match="empty")


def test_continuous_target(pima):
    X, _ = pima
    rng = np.random.default_rng(0)
    _refused(X, rng.normal(size=len(X)), match="continuous.*Bin it")


def test_datetime_column(pima):
    X, y = pima
    X = X.assign(visit=pd.date_range("2024-01-01", periods=len(X), freq="D"))
    _refused(X, y, match=r"datetime/timedelta columns \['visit'\].*int64")


def test_duplicate_column_names(pima):
    X, y = pima
    X.columns = ["a", "b", "a", "c", "d", "e", "f", "g"]
    _refused(X, y, match=r"duplicate column names \['a'\]")


def test_unknown_class_in_strategy(pima):
    X, y = pima
    _refused(
        X,
        y,
        sampling_strategy={5: 900},
        match=r"names classes \[5\] that y does not hold; y's classes are \[0, 1\]",
    )


def test_more_than_one_label_per_row(pima):
    X, y = pima
    both = np.c_[y, y]  # two targets, not one-hot
    _refused(X, both, match=r"shape \(768, 2\) with more than one label per row")


def test_shrinking_count_in_strategy(pima):
    X, y = pima
    _refused(
        X,
        y,
        sampling_strategy={1: 100},
        match="should be greater or equal to the original",
    )


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"n_steps": 0}, ValueError, "n_steps"),
        ({"batch_size": -1}, ValueError, "batch_size"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"loss": "mse"}, ValueError, "loss"),
        ({"conditioning": "both"}, ValueError, "conditioning"),
        ({"generator_dims": (128, -4)}, ValueError, "generator_dims must be a tuple"),
        ({"discriminator_dropout": 1.0}, ValueError, "discriminator_dropout"),
        ({"device": "tpu9"}, ValueError, "device"),
        ({"categorical_features": ["nope"]}, ValueError, "neither a column name"),
        ({"sampling_strategy": "most"}, ValueError, "sampling_strategy"),
        ({"n_steps": True}, TypeError, "n_steps must be an int, not a bool"),
        ({"n_jobs": 0}, ValueError, "n_jobs=0 runs nothing"),
        ({"n_threads": 0}, ValueError, "n_threads"),
        ({"n_threads": "all"}, ValueError, "n_threads"),
        ({"n_threads": True}, TypeError, "n_threads must be an int, not a bool"),
        ({"callbacks": [lambda: None]}, TypeError, "none of the hooks"),
        ({"device": "meta"}, ValueError, "not on 'meta' ones"),
        ({"sampling_strategy": len}, TypeError, "must return a dict.*returned int"),
        ({"sampling_strategy": {1: 500.5}}, TypeError, "row counts must be ints"),
        (
            {"sampling_strategy": lambda y: {1: 500.0}},
            TypeError,
            "row count of 232.0 for class 1",
        ),
        ({"batch_size": True}, TypeError, "batch_size must be an int, not a bool"),
    ],
)
def test_invalid_hyperparameters(pima, params, error, match):
    X, y = pima
    _refused(X, y, error=error, match=match, **params)


@pytest.mark.parametrize(
    ("device", "match"),
    [
        ("cuda", "asks for CUDA, but torch sees no CUDA GPU: use device='auto'"),
        ("cuda:1", "asks for CUDA, but torch sees no CUDA GPU"),
        ("mps", "asks for Apple MPS, but torch sees no MPS device"),
        ("xpu", "asks for Intel XPU, but torch sees no XPU device"),
    ],
)
def test_an_absent_accelerator_is_refused_before_training(pima, device, match):
    from gan_augment._device import current_accelerator

    present = current_accelerator()
    if present is not None and present.type == torch.device(device).type:
        pytest.skip(f"this machine has a {present.type} device")
    X, y = pima
    _refused(X, y, device=device, match=match)


def test_auto_device_is_torchs_accelerator_or_the_cpu(pima):
    X, y = pima
    augmenter = GANAugmenter(n_steps=5, random_state=0).fit(X, y)
    accelerator = (
        torch.accelerator.current_accelerator()
        if torch.accelerator.is_available()
        else None
    )
    expected = "cpu" if accelerator is None else accelerator.type
    assert augmenter.device_.type == expected
    # Sampling runs on the CPU, whatever trained the generators.
    generator = augmenter.generators_[1]
    assert next(generator.parameters()).device.type == "cpu"


def test_auto_device_takes_any_accelerator_torch_reports(monkeypatch):
    """XPU and MPS are picked through torch.accelerator, not by name.

    There is no accelerator on the CPU CI machine, so torch is told it has an
    XPU; what torch reports is what ``"auto"`` must pick.
    """
    from gan_augment._device import resolve_device

    monkeypatch.setattr(torch.accelerator, "is_available", lambda: True)
    monkeypatch.setattr(
        torch.accelerator, "current_accelerator", lambda: torch.device("xpu")
    )
    assert resolve_device("auto") == torch.device("xpu")
    monkeypatch.setattr(torch.accelerator, "is_available", lambda: False)
    assert resolve_device("auto") == torch.device("cpu")
    assert resolve_device(torch.device("cpu")) == torch.device("cpu")


def test_single_row_class(pima):
    X, y = pima
    y = y.copy()
    y.iloc[0] = 2
    # Labels as the user wrote them, not numpy reprs like np.int64(2).
    _refused(X, y, match=r"Classes \[2\] have a single row")


def test_unhashable_objects_in_a_column(pima):
    X, y = pima
    X = X.assign(meta=[{"k": i} for i in range(len(X))])
    _refused(X, y, error=TypeError, match="string or a number")


def test_sparse_and_1d_inputs(pima):
    X, y = pima
    _refused(X["Plas"].to_numpy(), y, match="Expected 2D array")


def test_sample_before_fit():
    with pytest.raises(NotFittedError):
        GANAugmenter().sample({0: 1})


def test_negative_count_in_sample(dataset):
    X, y = dataset("new_thyroid1")
    augmenter = GANAugmenter(n_steps=5, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match=r"n_samples\[1\] must be a non-negative"):
        augmenter.sample({np.int64(1): -3})
    with pytest.raises(ValueError, match=r"Unknown class 7 .* classes \[0, 1\]"):
        augmenter.sample({np.int64(7): 3})


def test_class_whose_rows_can_only_be_copied(pima):
    # The minority's float column holds one value and its integer column
    # leaves no combination unseen: every possible row would be a copy.
    X, y = pima
    X = X[["Mass", "Preg"]].copy()
    X.loc[y == 1, "Mass"] = 30.5
    X.loc[y == 1, "Preg"] = np.where(np.arange((y == 1).sum()) % 2, 2, 3)
    _refused(X, y, match=r"classes \[1\] is an exact copy.*categorical_features")
    X_res, _ = GANAugmenter(
        n_steps=5, categorical_features=["Mass"], random_state=0
    ).fit_resample(X, y)
    assert len(X_res) == 2 * (y == 0).sum()


def test_tiny_truncation_samples_inside_it_without_stalling(dataset):
    X, y = dataset("new_thyroid1")
    augmenter = GANAugmenter(n_steps=5, truncation=1e-9, random_state=0)
    X_res, y_res = augmenter.fit_resample(X, y)
    assert (pd.Series(y_res).value_counts() == (y == 0).sum()).all()

    z = noise(5_000, 8, 1e-9, torch.Generator().manual_seed(0))
    assert float(z.abs().max()) <= 1e-9 and float(z.std()) > 1e-10
    assert noise(5_000, 8, 1e-9, torch.Generator().manual_seed(0)).equal(z)


def test_an_interrupted_fit_is_unfitted_to_scikit_learn(pima):
    from sklearn.utils.validation import check_is_fitted

    class Interrupt:
        def on_epoch_end(self, epoch, logs):
            raise KeyboardInterrupt

    X, y = pima
    augmenter = GANAugmenter(n_steps=20, callbacks=[Interrupt()])
    with pytest.raises(KeyboardInterrupt):
        augmenter.fit(X, y)
    with pytest.raises(NotFittedError):
        check_is_fitted(augmenter)


def test_a_refused_refit_leaves_the_fitted_augmenter_as_it_was(pima):
    X, y = pima
    augmenter = GANAugmenter(n_steps=5, random_state=0).fit(X, y.rename("target"))
    before_X, before_y = augmenter.sample({1: 4}, random_state=1)
    flags = pd.Series(y.to_numpy() == 1, name="flag")
    with pytest.raises(ValueError, match="NaN or infinity"):
        augmenter.fit(X.assign(Mass=np.inf), flags)
    with pytest.raises(ValueError, match="greater or equal to the original"):
        augmenter.set_params(sampling_strategy={True: 2}).fit(X, flags)
    after_X, after_y = augmenter.sample({1: 4}, random_state=1)
    pd.testing.assert_frame_equal(after_X, before_X)
    pd.testing.assert_series_equal(after_y, before_y)
    assert after_y.name == "target"


def test_object_arrays_keep_their_ints_and_bools(pima):
    X, y = pima
    table = np.empty((len(X), 3), dtype=object)
    table[:, 0] = [int(v) for v in X["Preg"]]
    table[:, 1] = [bool(v) for v in X["Preg"] > 3]
    table[:, 2] = X["Mass"].tolist()
    original = table.copy()
    X_res, _ = GANAugmenter(n_steps=5, random_state=0).fit_resample(table, y)
    assert X_res.dtype == object
    np.testing.assert_array_equal(X_res[: len(X)], original)
    assert all(type(v) is int for v in X_res[:, 0])
    assert all(type(v) is bool for v in X_res[:, 1])
    np.testing.assert_array_equal(table, original)


def test_the_model_choices_are_the_registrys(pima):
    """``model`` takes "auto" and each selectable kind; tables get theirs by "auto"."""
    from gan_augment._models import MODEL_KINDS, resolve_kind

    (choices,) = GANAugmenter._parameter_constraints["model"]
    assert choices.options == {"auto", "conv", "deform", "mlp"}
    assert {n for n, k in MODEL_KINDS.items() if k.selectable} == choices.options - {
        "auto"
    }
    assert not resolve_kind("auto", image=False).image
    assert resolve_kind("auto", image=True).image
    X, y = pima
    _refused(X, y, match="model", model="tabular")
