"""scikit-learn's and imbalanced-learn's own API checks, with tiny training.

Every estimator of the package runs both libraries' checks. A check one of
them cannot pass is listed below with the reason, the exception it raises and
the start of its message: it runs as a strict xfail, so a pass, another
exception or another message fails the test.
"""

import functools
from typing import NamedTuple

import pytest
from imblearn.over_sampling import RandomOverSampler
from imblearn.utils.estimator_checks import (
    estimator_checks_generator as imblearn_checks,
)
from sklearn.linear_model import LogisticRegression
from sklearn.utils.estimator_checks import (
    estimator_checks_generator as sklearn_checks,
)

from gan_augment import (
    AlbumentationsAugmenter,
    AugmentedClassifier,
    GANAugmenter,
    InterpolationAugmenter,
    PartialBalance,
    SamplerChain,
)


class Expected(NamedTuple):
    """A check an estimator fails by design: how it fails, and why."""

    error: type
    message: str
    reason: str


# ------------------------------------------------------------- GANAugmenter
# scikit-learn's generic checks build y = X[:, 0].astype(int) style targets in
# which one class has a single row. GANAugmenter refuses to oversample a
# one-row class on purpose (a GAN could only copy that row, which breaks the
# no-exact-copy guarantee), so these checks stop at that ValueError. The
# properties they would check are tested on real data, with at least two rows
# per class, in tests/test_properties.py (test_sklearn_check_properties_*).
_ONE_ROW_CLASS = Expected(
    ValueError,
    "have a single row: a GAN cannot learn a distribution",
    "the check's data has a class with a single row, which GANAugmenter refuses "
    "to oversample (it could only copy it)",
)
GAN_EXPECTED = {
    name: _ONE_ROW_CLASS
    for name in (
        "check_dont_overwrite_parameters",
        "check_f_contiguous_array_estimator",
        "check_methods_sample_order_invariance",
        "check_methods_subset_invariance",
        "check_dict_unchanged",
        "check_fit2d_predict1d",
    )
}

# -------------------------------------------------- AlbumentationsAugmenter
# image_shape says how many pixels a row holds, and the checks feed X of 1 to
# 10 columns to one estimator: every check whose X is not 20 columns wide
# stops at the refusal of rows that are not (4, 5) images. imbalanced-learn's
# sampler checks use 20 columns and run in full; the sampler's behaviour on
# real images is tested in tests/test_images.py.
_NOT_AN_IMAGE = "holds 20 pixel values but X has"
_WRONG_WIDTH = Expected(
    ValueError,
    _NOT_AN_IMAGE,
    "the check's X is not 20 columns wide, so its rows are not (4, 5) images",
)
# These checks catch the same refusal and assert on its message.
_WRONG_WIDTH_ASSERTED = Expected(
    AssertionError,
    _NOT_AN_IMAGE,
    "the check's X is not 20 columns wide; the check asserts on the message of "
    "that refusal",
)
ALBUMENTATIONS_EXPECTED = {
    **{
        name: _WRONG_WIDTH
        for name in (
            "check_samplers_one_label",
            "check_samplers_fit",
            "check_sampler_get_feature_names_out",
            "check_sampler_get_feature_names_out_pandas",
            "check_fit_score_takes_y",
            "check_estimators_overwrite_params",
            "check_dont_overwrite_parameters",
            "check_estimators_fit_returns_self",
            "check_readonly_memmap_input",
            "check_n_features_in_after_fitting",
            "check_estimators_dtypes",
            "check_dtype_object",
            "check_pipeline_consistency",
            "check_estimators_nan_inf",
            "check_estimators_pickle",
            "check_f_contiguous_array_estimator",
            "check_methods_sample_order_invariance",
            "check_methods_subset_invariance",
            "check_dict_unchanged",
            "check_fit_idempotent",
            "check_fit_check_is_fitted",
            "check_n_features_in",
            "check_fit2d_predict1d",
        )
    },
    **{
        name: _WRONG_WIDTH_ASSERTED
        for name in (
            "check_positive_only_tag_during_fit",
            "check_fit2d_1sample",
            "check_fit2d_1feature",
        )
    },
    # A DataFrame of pandas sparse columns is sparse data: refused, naming
    # .toarray(), as for scipy sparse matrices (the sampler's tags say so).
    "check_samplers_pandas_sparse": Expected(
        TypeError,
        "Sparse data was passed for X, but dense data is required",
        "images are dense pixels: sparse input, pandas sparse columns included, is "
        "refused with a TypeError naming .toarray()",
    ),
}

# A GAN small enough for the dozens of fits of the checks.
_TINY_GAN = {"n_steps": 5, "batch_size": 16, "match_marginals": None, "random_state": 0}

ESTIMATORS = {
    "GANAugmenter": (
        GANAugmenter(n_steps=20, batch_size=32, random_state=0),
        GAN_EXPECTED,
    ),
    # Trains nothing: the checks run it in full, one-row classes included
    # (their rows are copies, with a warning).
    "InterpolationAugmenter": (InterpolationAugmenter(random_state=0), {}),
    # The wrapper's own logic (validation, delegation, tags, routing) is what
    # these check, with a sampler fast enough for their fits; the GAN inside it
    # is tested in tests/test_pipelines.py and tests/test_metadata_routing.py.
    "AugmentedClassifier": (
        AugmentedClassifier(LogisticRegression(), RandomOverSampler(random_state=0)),
        {},
    ),
    # The first step fills half of each gap, so the GAN sees duplicated rows
    # rather than one-row classes, as the chain is used (a cheap sampler first).
    "SamplerChain": (
        SamplerChain(
            [
                (
                    "half",
                    RandomOverSampler(
                        sampling_strategy=PartialBalance(0.5), random_state=0
                    ),
                ),
                ("gan", GANAugmenter(**_TINY_GAN)),
            ]
        ),
        {},
    ),
}


try:  # the images extra: its sampler is checked where it is installed
    import albumentations as A
except ImportError:  # pragma: no cover
    pass
else:
    ESTIMATORS["AlbumentationsAugmenter"] = (
        AlbumentationsAugmenter(
            A.Compose([A.HorizontalFlip(p=1.0)], strict=True),
            image_shape=(4, 5),
            random_state=0,
        ),
        ALBUMENTATIONS_EXPECTED,
    )


def _check_name(check) -> str:
    """The name of a check, also when it is a ``functools.partial``."""
    func = check.func if isinstance(check, functools.partial) else check
    return func.__name__


def _params():
    """Every (estimator, check) of both libraries, expected failures strict.

    The libraries' own ``parametrize_with_checks`` mark expected failures with
    a lenient xfail that any exception satisfies, and an unexpected pass only
    reports XPASS. Here each is ``xfail(strict=True, raises=...)``: a pass or
    another exception fails the test, and :func:`test_estimator_checks` turns
    the right exception with another message into an AssertionError.
    """
    for label, (estimator, expected) in ESTIMATORS.items():
        for library, generator in (
            ("imblearn", imblearn_checks(estimator)),
            ("sklearn", sklearn_checks(estimator, legacy=True)),
        ):
            for est, check in generator:
                name = _check_name(check)
                marks = ()
                if name in expected:
                    marks = pytest.mark.xfail(
                        strict=True,
                        raises=expected[name].error,
                        reason=expected[name].reason,
                    )
                yield pytest.param(
                    est,
                    check,
                    expected.get(name),
                    id=f"{label}-{library}-{name}",
                    marks=marks,
                )


@pytest.mark.parametrize(("estimator", "check", "expected"), list(_params()))
def test_estimator_checks(estimator, check, expected):
    if expected is None:
        check(estimator)
        return
    try:
        check(estimator)
    except expected.error as error:
        # Only the stated failure is the expected one.
        assert expected.message in str(error), f"another failure: {error}"
        raise
