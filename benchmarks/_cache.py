"""The benchmark's result caches: where they live, how they are keyed, when stale.

One tidy CSV per (data set, method), with a JSON sidecar beside it that records
the run's provenance and the cache's key: the parameters that produced the rows
(as :func:`benchmarks.benchmark.method_params` builds them), their digest
(:func:`params_digest`) and the code version. :func:`stale_reason` decides
whether a cache may be reused: only when its recorded digest equals today's.
A changed digest, or a sidecar with none (written before caches were keyed,
or lost), makes it stale. The code version is recorded and shown, never
compared: most commits do not change a method's rows.

What the parameters of a method are is the benchmark's business
(``benchmarks.benchmark``); this module only stores, keys and compares them.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks._provenance import code_version
from benchmarks._report import RESULT_COLUMNS, SPEED_COLUMNS
from gan_augment.metrics._scoring import F1_MINORITY

__all__ = [
    "DIGEST_KEY",
    "LEGACY_METRICS",
    "PARAMS_KEY",
    "VERSION_KEY",
    "add_to_provenance",
    "cache_key",
    "cache_key_lines",
    "cache_path",
    "jsonable",
    "load_cached",
    "params_digest",
    "qualified",
    "read_cache",
    "read_sidecar",
    "stale_reason",
    "write_cache",
]

#: Metric names of caches written before ``f1_minority`` was the one name.
LEGACY_METRICS = {"minority_f1": F1_MINORITY}

#: Sidecar keys: the parameters that produced a cache, their digest, and the
#: code version (recorded and shown, never compared).
PARAMS_KEY, DIGEST_KEY, VERSION_KEY = "params", "params_digest", "code_version"

# A function's or object's default repr carries its memory address, which
# differs in every process: left in, every run would see "changed" parameters.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def cache_path(
    results_dir: Path, dataset: str, augmenter: str, kind: str = "cv"
) -> Path:
    """Return the CSV path caching one (data set, augmenter) result."""
    prefix = "" if kind == "cv" else f"{kind}__"
    return Path(results_dir) / f"{prefix}{dataset}__{augmenter}.csv"


def read_cache(path: Path) -> pd.DataFrame:
    """Read a cached tidy CSV with the right dtypes and today's metric names."""
    frame = pd.read_csv(path, dtype={"dataset": str, "augmenter": str})
    if "metric" in frame.columns:
        frame["metric"] = frame["metric"].replace(LEGACY_METRICS)
    return frame


def write_cache(frame: pd.DataFrame, path: Path, meta: Mapping[str, Any]) -> None:
    """Write a tidy CSV and a JSON sidecar with its provenance."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    path.with_suffix(".json").write_text(json.dumps(dict(meta), indent=2) + "\n")


def qualified(obj: Any) -> str:
    """``module.QualName`` of a class or function (its repr when it has none)."""
    name = getattr(obj, "__qualname__", None)
    if name is None:
        return _ADDRESS.sub("", repr(obj))
    return f"{getattr(obj, '__module__', '')}.{name}"


def jsonable(value: Any) -> Any:
    """A JSON form of a parameter value that is the same in every process.

    Numbers, strings, ``None`` and containers of them are kept; an estimator
    becomes its class and ``get_params(deep=False)``; a class or function its
    qualified name; anything else (a callable object, a random generator) its
    repr without the memory address.

    Parameters
    ----------
    value : object
        A parameter value.

    Returns
    -------
    object
        Made of ``dict``, ``list``, ``str``, numbers, booleans and ``None``.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        # Sorted: a set's order may change between processes (string hashing).
        return sorted((jsonable(item) for item in value), key=repr)
    if isinstance(value, type) or inspect.isroutine(value):
        return qualified(value)
    if hasattr(value, "get_params"):
        return {
            "class": qualified(type(value)),
            "params": jsonable(value.get_params(deep=False)),
        }
    return _ADDRESS.sub("", repr(value))


def params_digest(params: Mapping[str, Any]) -> str:
    """A short, stable digest of JSON-able parameters.

    Parameters
    ----------
    params : mapping
        JSON-able parameters (:func:`method_params`).

    Returns
    -------
    str
        The first 16 hex digits of the SHA-256 of their canonical JSON (sorted
        keys), so that key order and whitespace do not matter.

    Examples
    --------
    >>> params_digest({"a": 1, "b": [1, 2]}) == params_digest({"b": [1, 2], "a": 1})
    True
    """
    text = json.dumps(params, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cache_key(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The sidecar entries that key a cache (the version only without params)."""
    if params is None:
        return {VERSION_KEY: code_version()}
    return {
        PARAMS_KEY: dict(params),
        DIGEST_KEY: params_digest(params),
        VERSION_KEY: code_version(),
    }


def read_sidecar(path: Path) -> dict[str, Any]:
    """The JSON sidecar of a cache file (empty when missing or unreadable)."""
    try:
        meta = json.loads(path.with_suffix(".json").read_text())
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _changes(old: Any, new: Any, where: str = "") -> list[str]:
    """``key: old -> new`` for each leaf that differs between two parameter sets."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [
            change
            for key in sorted(set(old) | set(new))
            for change in _changes(
                old.get(key, "(absent)"),
                new.get(key, "(absent)"),
                f"{where}.{key}" if where else str(key),
            )
        ]
    return [] if old == new else [f"{where or 'params'}: {old!r} -> {new!r}"]


def stale_reason(path: Path, params: Mapping[str, Any] | None) -> str | None:
    """Why a cached result must be recomputed, or None to reuse it.

    A recorded digest that differs from today's makes a cache stale, and so
    does a sidecar without one (written before caches were keyed, or
    missing): nothing says which parameters produced its rows, and reusing it
    silently is how a changed protocol once went unnoticed. Parameters that
    cannot be built here (``params`` None) keep the cache: it cannot be
    judged, and the run that would replace it would fail the same way.
    """
    if params is None:
        return None
    meta = read_sidecar(path)
    recorded = meta.get(DIGEST_KEY)
    if recorded is None:
        return (
            "its sidecar records no parameter digest (written before caches "
            "were keyed), so what produced its rows is unknown"
        )
    today = params_digest(params)
    if recorded == today:
        return None
    before = meta.get(PARAMS_KEY)
    # Compared in JSON form, as the sidecar holds them (tuples read as lists).
    changes = _changes(before, jsonable(params)) if isinstance(before, dict) else []
    what = "; ".join(changes[:5]) + ("; ..." if len(changes) > 5 else "")
    return (
        f"its parameters changed since it was cached (digest {recorded} -> "
        f"{today}: {what or 'parameters not recorded'})"
    )


def cache_key_lines(results_dir: str | os.PathLike) -> list[str]:
    """Markdown list items on how the harness's caches are keyed.

    Parameters
    ----------
    results_dir : path
        Cache folder (its ``<dataset>__<method>.csv`` and
        ``speed__<dataset>__<method>.csv`` files).

    Returns
    -------
    list of str
        One line counting the unkeyed caches (sidecars without a parameter
        digest, recomputed by the next run), and one listing the code versions of
        the others; empty when there is no cache.
    """
    paths = sorted(Path(results_dir).glob("*__*.csv"))
    if not paths:
        return []
    unkeyed = 0
    versions: Counter[str] = Counter()
    for path in paths:
        meta = read_sidecar(path)
        if meta.get(DIGEST_KEY) is None:
            unkeyed += 1
        version = meta.get(VERSION_KEY)
        if isinstance(version, dict):
            commit = version.get("git_commit")
            versions[
                f"gan_augment {version.get('gan_augment')}"
                + (f" at `{commit[:10]}`" if commit else " (no git commit)")
            ] += 1
    lines = [
        f"- Unkeyed caches: {unkeyed} of {len(paths)} cached results have no "
        "parameter digest (written before caches were keyed by their "
        "parameters); the next run that includes them recomputes them. "
        "The others are recomputed when their method's parameters change; the "
        "code version is recorded, not compared."
    ]
    if versions:
        lines.append(
            "- Code versions of the keyed caches: "
            + ", ".join(f"{text} ({n})" for text, n in versions.most_common())
        )
    return lines


def add_to_provenance(report: str, lines: list[str]) -> str:
    """Append list items to the report's provenance section (added if absent)."""
    if not lines:
        return report
    heading = "## Provenance of cached results"
    at = report.find(heading)
    if at < 0:
        return report.rstrip("\n") + "\n\n" + "\n".join([heading, "", *lines, ""])
    end = report.find("\n## ", at + 1)
    end = len(report) if end < 0 else end
    section = report[at:end].rstrip("\n")
    return report[:at] + section + "\n" + "\n".join(lines) + "\n" + report[end:]


def load_cached(
    results_dir: str | os.PathLike,
    datasets: Sequence[str],
    augmenters: Sequence[str],
    kind: str = "cv",
) -> pd.DataFrame:
    """Load whatever cached results exist for the given pairs.

    Parameters
    ----------
    results_dir : path
        Cache folder.
    datasets, augmenters : sequence of str
        The pairs to look for.
    kind : {"cv", "speed"}, default="cv"
        Which benchmark.

    Returns
    -------
    DataFrame
        The concatenated cached frames (empty when none exists).
    """
    columns = RESULT_COLUMNS if kind == "cv" else SPEED_COLUMNS
    frames = [
        read_cache(path)
        for d in datasets
        for a in augmenters
        if (path := cache_path(Path(results_dir), d, a, kind)).exists()
    ]
    if not frames:
        return pd.DataFrame(columns=list(columns))
    return pd.concat(frames, ignore_index=True)
