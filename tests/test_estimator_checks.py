"""scikit-learn's and imbalanced-learn's own API checks, with tiny training."""

import pytest
from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.utils.estimator_checks import (
    parametrize_with_checks as sk_parametrize_with_checks,
)

from gan_augment import GANAugmenter

# Checks this sampler cannot pass by design, with the reason.
EXPECTED_FAILED_CHECKS: dict = {}

# scikit-learn's generic checks build y = X[:, 0].astype(int) style targets in
# which one class has a single row. GANAugmenter refuses to oversample a
# one-row class on purpose (a GAN could only copy that row, which breaks the
# no-exact-copy guarantee), so these checks stop at that ValueError.
_ONE_ROW_CLASS = (
    "the check's data has a class with a single row, which GANAugmenter refuses "
    "to oversample (it could only copy it)"
)
SKLEARN_EXPECTED_FAILED_CHECKS: dict = {
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


def _as_list(mark):
    """The same parametrisation with its values in a list.

    imblearn's ``parametrize_with_checks`` hands pytest a generator, which
    pytest deprecates (PytestRemovedIn10Warning).
    """
    names, values = mark.args
    return pytest.mark.parametrize(names, list(values), **mark.kwargs)


@_as_list(
    parametrize_with_checks(
        [GANAugmenter(n_steps=20, batch_size=32, random_state=0)],
        expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS,
    )
)
def test_imblearn_and_sklearn_checks(estimator, check):
    check(estimator)


@sk_parametrize_with_checks(
    [GANAugmenter(n_steps=20, batch_size=32, random_state=0)],
    expected_failed_checks=lambda est: SKLEARN_EXPECTED_FAILED_CHECKS,
)
def test_sklearn_checks(estimator, check):
    check(estimator)
