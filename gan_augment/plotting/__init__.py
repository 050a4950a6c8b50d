"""Figures people read faster than numbers: losses, marginals, PCA, gains, ranks.

Every function builds a ``matplotlib.figure.Figure`` directly and returns it:
nothing goes through pyplot, so a call leaves pyplot's list of open figures
and the user's backend as they were (a library never switches a backend),
the figures need no closing, and servers and threads can draw them. Show one
in a notebook by leaving it as the cell's value, or save it with
``fig.savefig(path)``. Functions that draw one panel take ``ax=`` to draw on
an Axes of the caller's figure, and then return that figure.

matplotlib is imported only when a function runs (the ``mlflow`` and
``images`` extras bring it).

The figures live in one module per subject (``_training``, ``_rows``,
``_images``, ``_gains``; ``_base`` holds what they share); see the
architecture page (``docs/architecture.md``).
"""

from ._gains import plot_critical_difference, plot_gain_forest, plot_precision_recall
from ._images import plot_image_grid
from ._rows import plot_correlation_difference, plot_marginals, plot_pca
from ._training import plot_losses

__all__ = [
    "plot_correlation_difference",
    "plot_critical_difference",
    "plot_gain_forest",
    "plot_image_grid",
    "plot_losses",
    "plot_marginals",
    "plot_pca",
    "plot_precision_recall",
]
