"""The registry policy: which registered version is the champion.

A new version is tagged with its gains. It takes the ``champion`` alias when
its champion metric beats the current holder's, when the holder has no such
tag, or when no version holds the alias yet; otherwise the alias stays put.
Downstream code then loads ``models:/<name>@champion`` and gets the best
generator so far.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from ._client import client, mlflow_module

logger = logging.getLogger(__name__)

#: The registry alias that marks the best generator so far.
CHAMPION_ALIAS = "champion"
#: The metric that decides who is champion (higher is better).
CHAMPION_METRIC = "gain_balanced_accuracy"


def tag_and_promote(
    name: str, version: str, metrics: Mapping[str, float], metric: str
) -> bool:
    """Tag the version with its gains; make it champion if it beats the holder.

    Parameters
    ----------
    name : str
        The registered model.
    version : str
        The version just registered.
    metrics : mapping of str to float
        Its gains; each becomes a version tag (``repr`` of the value).
    metric : str
        The gain that decides, higher is better.

    Returns
    -------
    bool
        Whether the version now holds the champion alias.
    """
    registry = client()
    for key, value in metrics.items():
        registry.set_model_version_tag(name, version, key, repr(value))
    mine = metrics.get(metric)
    try:
        holder = registry.get_model_version_by_alias(name, CHAMPION_ALIAS)
    except mlflow_module().exceptions.MlflowException:
        holder = None
    theirs = None
    if holder is not None:
        text = holder.tags.get(metric)
        theirs = float(text) if text is not None else None
    better = holder is None or (mine is not None and (theirs is None or mine > theirs))
    if better:
        registry.set_registered_model_alias(name, CHAMPION_ALIAS, version)
        logger.info("Version %s of %r is the new %s.", version, name, CHAMPION_ALIAS)
    return better
