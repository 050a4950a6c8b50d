"""The registry policy: challengers are registered, champions are promoted.

Every new version is tagged with its gains and takes the ``challenger``
alias; it never becomes ``champion`` by itself. :func:`promote` moves the
``champion`` alias deliberately and records why on the version (its gain and
the previous champion's, read from their tags; the previous version; the
reason; when). Downstream code loads ``models:/<name>@champion`` and gets the
version someone chose to serve.

The older automatic policy (champion whenever the new version's gain beats
the holder's) stays available when asked for: ``log_augmenter(...,
promote="auto")`` calls :func:`tag_and_promote`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from ._client import client, mlflow_module

logger = logging.getLogger(__name__)

#: The registry alias of the version that serves.
CHAMPION_ALIAS = "champion"
#: The alias of the newest registered version, waiting for a decision.
CHALLENGER_ALIAS = "challenger"
#: The gain that promotions compare (higher is better).
CHAMPION_METRIC = "gain_balanced_accuracy"
#: What ``log_augmenter``'s ``promote`` accepts.
PROMOTE_POLICIES = (None, "auto")


@dataclass(frozen=True)
class Promotion:
    """What :func:`promote` did; also stored as ``promotion.*`` version tags.

    Attributes
    ----------
    name : str
        The registered model.
    version : str
        The new champion.
    previous : str or None
        The champion before it (None when there was none).
    metric : str
        The gain compared.
    gain, previous_gain : float or None
        That gain of each version, read from its tags (None when untagged).
    reason : str or None
    timestamp : str
        When, in UTC (ISO 8601).
    """

    name: str
    version: str
    previous: str | None
    metric: str
    gain: float | None
    previous_gain: float | None
    reason: str | None
    timestamp: str

    def tags(self) -> dict[str, str]:
        """The ``promotion.*`` tags recorded on the new champion."""
        return {
            "promotion.previous_version": str(self.previous),
            "promotion.metric": self.metric,
            f"promotion.{self.metric}": _text(self.gain),
            f"promotion.previous_{self.metric}": _text(self.previous_gain),
            "promotion.reason": self.reason or "",
            "promotion.timestamp": self.timestamp,
        }


def register_challenger(name: str, version: str, metrics: Mapping[str, float]) -> None:
    """Tag a new version with its gains and give it the ``challenger`` alias.

    Parameters
    ----------
    name : str
        The registered model.
    version : str
        The version just registered.
    metrics : mapping of str to float
        Its gains; each becomes a version tag (``repr`` of the value).
    """
    registry = client()
    for key, value in metrics.items():
        registry.set_model_version_tag(name, version, key, repr(value))
    registry.set_registered_model_alias(name, CHALLENGER_ALIAS, version)
    logger.info("Version %s of %r is the %s.", version, name, CHALLENGER_ALIAS)


def promote(
    name: str,
    version: str | int,
    *,
    reason: str | None = None,
    metric: str = CHAMPION_METRIC,
) -> Promotion:
    """Make ``version`` the ``champion`` of registered model ``name``, on purpose.

    The gains of the new and the previous champion (their ``metric`` tags,
    measured by :func:`~gan_augment.metrics.augmentation_gain` on the same
    protocol's folds) are recorded beside the reason as ``promotion.*`` tags
    of the version; the previous champion gets ``promotion.replaced_by``. A
    version whose gain is below the champion's can be promoted (the reason
    says why); a warning says so. The version loses the ``challenger`` alias
    if it held it.

    Parameters
    ----------
    name : str
        The registered model.
    version : str or int
        The version to promote.
    reason : str, optional
        Why, in words (e.g. ``"wins on the March data, reviewed by A."``).
    metric : str, default="gain_balanced_accuracy"
        The gain to compare and record.

    Returns
    -------
    Promotion
        What was done (also in the version's tags).

    Raises
    ------
    ValueError
        When the model or the version does not exist.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> from pathlib import Path
    >>> import mlflow
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter
    >>> from gan_augment.mlflow import log_augmenter, promote
    >>> # A throwaway tracking store; the examples share it (migrations take seconds)
    >>> tmp = Path(os.environ.setdefault("GAN_AUGMENT_EXAMPLES", tempfile.mkdtemp()))
    >>> mlflow.set_tracking_uri(f"sqlite:///{tmp}/mlflow.db")
    >>> experiment_id = mlflow.create_experiment(
    ...     "promote", artifact_location=(tmp / "promote").as_uri()
    ... )
    >>> X, y = make_classification(
    ...     n_samples=200, n_features=4, weights=[0.8], random_state=0
    ... )
    >>> augmenter = GANAugmenter(n_steps=30, random_state=0).fit(X, y)
    >>> with mlflow.start_run(experiment_id=experiment_id):
    ...     info = log_augmenter(
    ...         augmenter,
    ...         registered_model_name="promote-example",
    ...         gain={"gain_balanced_accuracy": 0.04},
    ...     )
    >>> client = mlflow.MlflowClient()
    >>> client.get_registered_model("promote-example").aliases  # not champion yet
    {'challenger': 1}
    >>> done = promote("promote-example", 1, reason="first model, gain +0.04")
    >>> done.previous, done.gain
    (None, 0.04)
    >>> client.get_registered_model("promote-example").aliases
    {'champion': 1}
    >>> mlflow.set_tracking_uri(None)
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a registered model's name; got {name!r}.")
    version = str(version)
    mlflow = mlflow_module()
    registry = client()
    try:
        chosen = registry.get_model_version(name, version)
    except mlflow.exceptions.MlflowException as exc:
        raise ValueError(
            f"Registered model {name!r} has no version {version}: list its "
            f"versions with MlflowClient().search_model_versions(\"name='{name}'\")."
        ) from exc
    holder = _holder(name, CHAMPION_ALIAS)
    previous = None if holder is None else str(holder.version)
    done = Promotion(
        name=name,
        version=version,
        previous=previous,
        metric=metric,
        gain=_tagged(chosen.tags, metric),
        previous_gain=None if holder is None else _tagged(holder.tags, metric),
        reason=reason,
        timestamp=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    if previous == version:
        logger.info("Version %s of %r is already %s.", version, name, CHAMPION_ALIAS)
        return done
    if done.gain is not None and done.previous_gain is not None:
        if done.gain < done.previous_gain:
            logger.warning(
                "Promoting version %s of %r although its %s (%.4g) is below "
                "version %s's (%.4g).",
                version,
                name,
                metric,
                done.gain,
                previous,
                done.previous_gain,
            )
    for key, value in done.tags().items():
        registry.set_model_version_tag(name, version, key, value)
    registry.set_registered_model_alias(name, CHAMPION_ALIAS, version)
    if holder is not None:
        registry.set_model_version_tag(name, previous, "promotion.replaced_by", version)
    challenger = _holder(name, CHALLENGER_ALIAS)
    if challenger is not None and str(challenger.version) == version:
        registry.delete_registered_model_alias(name, CHALLENGER_ALIAS)
    logger.info(
        "Version %s of %r is the %s (was %s).", version, name, CHAMPION_ALIAS, previous
    )
    return done


def tag_and_promote(
    name: str, version: str, metrics: Mapping[str, float], metric: str
) -> bool:
    """The automatic policy: tag, then promote when the gain beats the holder's.

    The version becomes ``champion`` (through :func:`promote`, so the reason
    is recorded) when its ``metric`` beats the current holder's, when the
    holder has no such tag, or when no version holds the alias yet; otherwise
    it stays ``challenger``. Used by ``log_augmenter(..., promote="auto")``.

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
    register_challenger(name, version, metrics)
    mine = metrics.get(metric)
    holder = _holder(name, CHAMPION_ALIAS)
    theirs = None if holder is None else _tagged(holder.tags, metric)
    better = holder is None or (mine is not None and (theirs is None or mine > theirs))
    if better:
        promote(
            name,
            version,
            reason=f"automatic: {metric} {_text(mine)} against {_text(theirs)}",
            metric=metric,
        )
    return better


def _holder(name: str, alias: str):
    """The version holding ``alias``, or None."""
    try:
        return client().get_model_version_by_alias(name, alias)
    except mlflow_module().exceptions.MlflowException:
        return None


def _tagged(tags: Mapping[str, str], metric: str) -> float | None:
    """A gain read back from a version tag; None when absent or not a number."""
    text = tags.get(metric)
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _text(value: float | None) -> str:
    return "none" if value is None else repr(value)
