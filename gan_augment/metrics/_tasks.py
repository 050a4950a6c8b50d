"""Folds as joblib tasks: in order, on any backend, with a progress bar.

Shared by :func:`~gan_augment.metrics.augmentation_gain`'s grid and
:func:`~gan_augment.metrics.compare_augmenters`, so both run on Dask or Ray
(``joblib.parallel_config(backend=...)``), whose backends return lists only.
"""

from __future__ import annotations

import contextlib

from joblib import Parallel


def run_tasks(calls: list, n_jobs: int | None, verbose: int, description: str):
    """Run joblib calls in order, with a tqdm bar over them when ``verbose``.

    Parameters
    ----------
    calls : list
        ``joblib.delayed`` calls.
    n_jobs : int or None
        Passed to :class:`joblib.Parallel`, under the active backend
        (``joblib.parallel_config``: loky, Dask, Ray, ...).
    verbose : int
        A progress bar when above 0.
    description : str
        The bar's label.

    Returns
    -------
    list
        The calls' results, in the order of ``calls``.
    """
    from tqdm.auto import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    try:
        # Results as they come, so the bar moves with the folds.
        parallel = Parallel(n_jobs=n_jobs, return_as="generator")
    except ValueError:
        # Backends that return lists only (multiprocessing, Ray).
        parallel = Parallel(n_jobs=n_jobs)
    bar = tqdm(total=len(calls), desc=description, disable=verbose <= 0)
    # Log lines printed while the bar runs go above it, not through it.
    redirect = logging_redirect_tqdm() if verbose > 0 else contextlib.nullcontext()
    results = []
    with bar, redirect:
        for result in parallel(calls):
            results.append(result)
            bar.update()
    return results
