"""Where and how a benchmark result was made: the one text of machine and command.

Every report of the harness starts with the same lines (command, date,
machine), and every cached result carries the same sidecar
(:func:`provenance`); they are written here once.
"""

from __future__ import annotations

import datetime as _dt
import functools
import importlib
import logging
import os
import platform
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

#: Libraries whose versions a report lists.
LIBRARIES: tuple[str, ...] = (
    "numpy",
    "pandas",
    "sklearn",
    "imblearn",
    "torch",
    "ctgan",
)


def now() -> str:
    """The local time with its offset, to the second (ISO 8601)."""
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def command_line(module: str, argv: Sequence[str]) -> str:
    """The command that reruns ``python -m <module>`` with ``argv``, quoted."""
    return shlex.join(["python", "-m", module, *argv])


def machine_info() -> dict[str, Any]:
    """Describe the machine and library versions.

    Returns
    -------
    dict
        Platform, processor, CPU count, GPU (None without one), Python and
        library versions, and torch's thread count when torch is loaded.
    """
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "gpu": None,
        "python": platform.python_version(),
    }
    for module in LIBRARIES:
        try:
            info[module] = importlib.import_module(module).__version__
        except ImportError:
            info[module] = None
    torch = sys.modules.get("torch")
    if torch is not None:
        info["torch_threads"] = torch.get_num_threads()
        if torch.cuda.is_available():
            info["gpu"] = torch.cuda.get_device_name(0)
    return info


def machine_line(info: dict[str, Any] | None = None) -> str:
    """The machine in one line, e.g. ``Linux-6.1-x86_64 (x86_64), 2 CPUs, no GPU``."""
    info = machine_info() if info is None else info
    return (
        f"{info['platform']} ({info['processor']}), {info['cpu_count']} CPUs, "
        f"{info['gpu'] or 'no GPU'}"
    )


def versions_line(info: dict[str, Any] | None = None) -> str:
    """Python and the libraries' versions, e.g. ``python 3.12.3, numpy 2.3.1, ...``."""
    info = machine_info() if info is None else info
    names = ("python", *LIBRARIES)
    return ", ".join(f"{name} {info[name]}" for name in names if info.get(name))


def header_lines(command: str, info: dict[str, Any] | None = None) -> list[str]:
    """The Markdown list every report starts with: command, date, code, machine."""
    info = machine_info() if info is None else info
    version = code_version()
    commit = version["git_commit"]
    return [
        f"- Command: `{command}`",
        f"- Date: {now()}",
        f"- Code: gan_augment {version['gan_augment']} at commit "
        f"{commit[:10] if commit else 'unknown'} (uncommitted changes not recorded)",
        f"- Machine: {machine_line(info)}",
    ]


@functools.cache
def code_version() -> dict[str, str | None]:
    """The version of the code that computes a result (once per process).

    Returns
    -------
    dict
        ``gan_augment``: the package's ``__version__``; ``git_commit``: the
        ``git rev-parse HEAD`` of the repository holding this harness, or
        None outside a git checkout or without git. Uncommitted changes are
        not recorded.
    """
    import gan_augment

    commit = None
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        logger.debug("No git commit: %s", exc)
    else:
        if done.returncode == 0:
            commit = done.stdout.strip() or None
    return {"gan_augment": gan_augment.__version__, "git_commit": commit}


def provenance(command: str, seconds: float) -> dict[str, Any]:
    """The sidecar of a cached result: how, when and where it was computed.

    Parameters
    ----------
    command : str
        The command line that computed it.
    seconds : float
        Its wall time.

    Returns
    -------
    dict
        ``command``, ``date``, ``wall_seconds``, ``load_average_1m`` and
        ``machine`` (:func:`machine_info`).
    """
    return {
        "command": command,
        "date": now(),
        "wall_seconds": round(seconds, 2),
        # The 1-minute load average when the result was written: above the
        # core count, other work shared the machine and timings are inflated.
        "load_average_1m": round(os.getloadavg()[0], 2),
        "machine": machine_info(),
    }
