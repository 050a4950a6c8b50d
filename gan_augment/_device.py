"""Everything that names a kind of torch device: choosing it, seeding it.

``device="auto"`` asks torch for its current accelerator
(:mod:`torch.accelerator`: CUDA, Apple MPS, Intel XPU, ...) and falls back to
the CPU. The training and sampling code only moves tensors to the device it is
given, so nothing else in the package names a device type. See the
architecture page (``docs/architecture.md``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch

#: Accelerator types by name: what a user asked for, and what torch lacks then.
#: Any other type that torch reports as its current accelerator is accepted too.
_NAMES = {
    "cuda": ("CUDA", "no CUDA GPU"),
    "mps": ("Apple MPS", "no MPS device"),
    "xpu": ("Intel XPU", "no XPU device"),
}


def current_accelerator() -> torch.device | None:
    """The accelerator torch would use here, or None when it has none.

    Returns
    -------
    torch.device or None
        Without an index (torch picks its current device of that type).
    """
    accelerator = getattr(torch, "accelerator", None)
    if accelerator is not None:  # torch >= 2.6
        return accelerator.current_accelerator() if accelerator.is_available() else None
    # Older torch: the two accelerators it could train on without plugins.
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return None


def resolve_device(device) -> torch.device:
    """Turn the ``device`` parameter into a usable :class:`torch.device`.

    Parameters
    ----------
    device : str or torch.device
        ``"auto"`` picks torch's current accelerator when one is available
        (:func:`torch.accelerator.current_accelerator`), else the CPU. An
        explicit device must be the CPU or an available accelerator.

    Returns
    -------
    torch.device

    Raises
    ------
    ValueError
        For a name that is no torch device, a device type gan-augment does not
        train on, or an accelerator (or device index) torch does not see.
    """
    if isinstance(device, torch.device):
        chosen = device
    elif device == "auto":
        return current_accelerator() or torch.device("cpu")
    else:
        try:
            chosen = torch.device(device)
        except (RuntimeError, TypeError) as exc:
            raise ValueError(
                f"device={device!r} is not a torch device: use 'auto', 'cpu', "
                "'cuda', 'cuda:N', 'mps' or 'xpu'."
            ) from exc
    if chosen.type == "cpu":
        return chosen
    here = current_accelerator()
    if chosen.type not in _NAMES and (here is None or here.type != chosen.type):
        raise ValueError(
            f"device={device!r}: gan-augment trains on the CPU or on an "
            f"accelerator (CUDA, Apple MPS, Intel XPU), not on {chosen.type!r} "
            "ones. Use 'auto', 'cpu', 'cuda', 'cuda:N', 'mps' or 'xpu'."
        )
    if not _available(chosen.type):
        asked, lacking = _NAMES.get(
            chosen.type, (chosen.type, f"no {chosen.type!r} device")
        )
        raise ValueError(
            f"device={device!r} asks for {asked}, but torch sees {lacking}: use "
            "device='auto' (torch's accelerator when present, else the CPU) or "
            "device='cpu'."
        )
    count = _device_count(chosen.type)
    if chosen.index is not None and count and chosen.index >= count:
        raise ValueError(
            f"device={device!r}: torch sees {count} {chosen.type} device(s), "
            f"numbered 0 to {count - 1}."
        )
    return chosen


def _available(kind: str) -> bool:
    """Whether torch can use devices of type ``kind`` here."""
    if kind == "mps":
        return torch.backends.mps.is_available()
    module = getattr(torch, kind, None)
    is_available = getattr(module, "is_available", None)
    return bool(is_available is not None and is_available())


def _device_count(kind: str) -> int:
    """How many devices of type ``kind`` torch sees (0 when it cannot tell)."""
    count = getattr(getattr(torch, kind, None), "device_count", None)
    return int(count()) if count is not None else 0


@contextlib.contextmanager
def seeded(seed: int, device: torch.device) -> Iterator[None]:
    """Seed torch for a block and restore the caller's RNG states after.

    The CPU's and ``device``'s random states are forked, whatever the
    accelerator (CUDA, MPS, XPU), so the library never leaves the user's
    global torch RNG changed.
    """
    if device.type == "cpu":
        fork = torch.random.fork_rng(devices=[])
    else:
        fork = torch.random.fork_rng(devices=[device], device_type=device.type)
    with fork:
        torch.manual_seed(seed)
        yield
