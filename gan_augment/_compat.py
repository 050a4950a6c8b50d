"""Every private scikit-learn and imbalanced-learn name the package uses.

These names carry no stability promise: a release of either library may move
or change them. Importing them here, and nowhere else, keeps the breakage of
an upgrade to one file, and makes the list of what to check one read long.
See the architecture page (``docs/architecture.md``).
"""

from __future__ import annotations

# The decorator every scikit-learn estimator's fit uses: validates the
# parameters against ``_parameter_constraints`` once, outside nested fits.
from sklearn.base import _fit_context

# Row indexing that works on arrays, frames, sparse matrices and lists alike.
from sklearn.utils import _safe_indexing

# The constraint vocabulary of ``_parameter_constraints``.
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

# get_params / set_params over named sub-estimators, as Pipeline does.
from sklearn.utils.metaestimators import _BaseComposition

# The number of rows of any array-like (frames, sparse matrices, lists).
from sklearn.utils.validation import _num_samples

__all__ = [
    "HasMethods",
    "Interval",
    "StrOptions",
    "_BaseComposition",
    "_fit_context",
    "_num_samples",
    "_safe_indexing",
]
