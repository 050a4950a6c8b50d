"""scikit-learn's and imbalanced-learn's own API checks, with tiny training."""

import functools

import pytest
from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.utils.estimator_checks import estimator_checks_generator

from gan_augment import GANAugmenter

# Checks this sampler cannot pass by design, with the reason.
EXPECTED_FAILED_CHECKS: dict = {}

# scikit-learn's generic checks build y = X[:, 0].astype(int) style targets in
# which one class has a single row. GANAugmenter refuses to oversample a
# one-row class on purpose (a GAN could only copy that row, which breaks the
# no-exact-copy guarantee), so these checks stop at that ValueError. The
# properties they would check are tested on real data, with at least two rows
# per class, in tests/test_properties.py (test_sklearn_check_properties_*).
_ONE_ROW_CLASS = (
    "the check's data has a class with a single row, which GANAugmenter refuses "
    "to oversample (it could only copy it)"
)
#: The start of that refusal: any other error of these checks is a failure.
_ONE_ROW_MESSAGE = "have a single row: a GAN cannot learn a distribution"
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


def _check_name(check) -> str:
    """The name of a check, also when it is a ``functools.partial``."""
    func = check.func if isinstance(check, functools.partial) else check
    return func.__name__


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


def _sklearn_checks(estimator):
    """scikit-learn's checks, the expected failures strict, raising ValueError.

    ``parametrize_with_checks`` marks expected failures with a lenient xfail
    that any exception satisfies, and an unexpected pass only reports XPASS.
    Here each is ``xfail(strict=True, raises=ValueError)``: a pass or another
    exception fails the test (and :func:`test_sklearn_checks` turns a
    ValueError with another message into an AssertionError).
    """
    for est, check in estimator_checks_generator(estimator, legacy=True):
        name = _check_name(check)
        marks = ()
        if name in SKLEARN_EXPECTED_FAILED_CHECKS:
            marks = pytest.mark.xfail(
                strict=True,
                raises=ValueError,
                reason=SKLEARN_EXPECTED_FAILED_CHECKS[name],
            )
        yield pytest.param(est, check, id=f"{est!r}-{name}", marks=marks)


@pytest.mark.parametrize(
    "estimator, check",
    list(_sklearn_checks(GANAugmenter(n_steps=20, batch_size=32, random_state=0))),
)
def test_sklearn_checks(estimator, check):
    if _check_name(check) not in SKLEARN_EXPECTED_FAILED_CHECKS:
        check(estimator)
        return
    try:
        check(estimator)
    except ValueError as error:
        # Only the one-row refusal is the expected failure.
        assert _ONE_ROW_MESSAGE in str(error), f"another ValueError: {error}"
        raise
