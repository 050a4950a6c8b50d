"""Process-wide fit listeners: how ``gan_augment.mlflow.autolog`` sees fits.

A listener is an object with any of the callback hooks a ``GANAugmenter``
accepts (``on_fit_begin``, ``on_train_begin``, ``on_epoch_end``,
``on_train_end``, ``on_fit_end``, ``on_fit_error``). Every augmenter fit in
this process calls the registered listeners after its own ``callbacks``, so
an adapter (MLflow autologging) can follow fits made deep inside a pipeline
or a grid search without the user passing anything. The core never imports
an adapter: adapters register themselves here.

Listeners are per process: joblib workers (``n_jobs`` > 1) start with none.
"""

from __future__ import annotations

_LISTENERS: list = []


def add_listener(listener) -> None:
    """Call ``listener``'s hooks on every augmenter fit from now on.

    Parameters
    ----------
    listener : object
        Has any of the callback hooks; added once (a second add is a no-op).
    """
    if not any(registered is listener for registered in _LISTENERS):
        _LISTENERS.append(listener)


def remove_listener(listener) -> None:
    """Stop calling ``listener`` (a no-op when it is not registered)."""
    _LISTENERS[:] = [other for other in _LISTENERS if other is not listener]


def listeners() -> tuple:
    """The registered listeners, in the order they were added."""
    return tuple(_LISTENERS)
