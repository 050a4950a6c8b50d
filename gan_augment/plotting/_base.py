"""Helpers every figure shares: a new pyplot-free figure, or the caller's Axes.

Part of :mod:`gan_augment.plotting` (see the package docstring).
"""

from __future__ import annotations


def _new_figure(figsize: tuple[float, float]):
    """A figure outside pyplot, laid out so that no title or label is clipped."""
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(
            "Figures need matplotlib: pip install 'gan-augment[mlflow]'."
        ) from exc
    return Figure(figsize=figsize, layout="constrained")


def _one_panel(ax, figsize: tuple[float, float]):
    """The figure and Axes to draw one panel on: the caller's, or new ones."""
    if ax is not None:
        return ax.figure, ax
    fig = _new_figure(figsize)
    return fig, fig.subplots()
