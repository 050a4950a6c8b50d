"""Choosing the torch device: CUDA when present, the CPU otherwise."""

from __future__ import annotations

import torch


def resolve_device(device) -> torch.device:
    """Turn the ``device`` parameter into a usable :class:`torch.device`.

    Parameters
    ----------
    device : str or torch.device
        ``"auto"`` picks CUDA when available, else the CPU.

    Returns
    -------
    torch.device
    """
    if isinstance(device, torch.device):
        chosen = device
    elif device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    else:
        try:
            chosen = torch.device(device)
        except (RuntimeError, TypeError) as exc:
            raise ValueError(
                f"device={device!r} is not a torch device: use 'auto', 'cpu', "
                "'cuda' or 'cuda:N'."
            ) from exc
    if chosen.type not in ("cpu", "cuda", "mps"):
        raise ValueError(
            f"device={device!r}: gan-augment trains on CPU, CUDA or Apple MPS "
            f"devices, not {chosen.type!r} ones. Use 'auto', 'cpu', 'cuda', "
            "'cuda:N' or 'mps'."
        )
    if chosen.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device={device!r} asks for CUDA, but torch sees no CUDA GPU here: "
            "use device='auto' (CUDA when present, else CPU) or device='cpu'."
        )
    if chosen.type == "mps" and not torch.backends.mps.is_available():
        raise ValueError(
            f"device={device!r} asks for Apple MPS, which is not available: use "
            "device='auto' or device='cpu'."
        )
    return chosen
