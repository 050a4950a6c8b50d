"""Many fits through joblib: Dask and Ray clusters give the local results.

Every cluster here is real: a Dask ``LocalCluster``; a ``dask scheduler`` and a
``dask worker`` started as separate processes on 127.0.0.1, as on several
machines; a local Ray cluster through Ray's joblib backend.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from joblib import parallel_config
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate

from gan_augment import AugmentedClassifier, GANAugmenter

ROOT = Path(__file__).resolve().parents[1]


class PidRecorder:
    """A fit callback that remembers which process fitted the augmenter.

    It is pickled with the estimator, so the copy a worker fitted comes back
    holding the worker's process id.
    """

    def __init__(self):
        self.pids = []

    def on_fit_end(self, augmenter, X, y):
        self.pids.append(os.getpid())


def _per_class_params():
    return {
        "conditioning": "per_class",
        "sampling_strategy": "all",
        "n_jobs": 2,
        "n_steps": 60,
        "random_state": 0,
    }


def _augmented_model():
    return AugmentedClassifier(
        LogisticRegression(max_iter=1000),
        GANAugmenter(n_steps=40, random_state=0, callbacks=[PidRecorder()]),
    )


def _synthetic_rows(fitted_models) -> list[pd.DataFrame]:
    """New rows drawn from each fitted fold's augmenter, at one seed."""
    return [
        model.augmenter_.sample({1: 25}, random_state=1)[0] for model in fitted_models
    ]


@pytest.mark.integration
def test_per_class_fits_on_a_dask_cluster_match_the_local_run(dataset):
    distributed = pytest.importorskip("distributed")
    X, y = dataset("wine")
    local_X, local_y = GANAugmenter(**_per_class_params()).fit_resample(X, y)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
        parallel_config(backend="dask"),
    ):
        remote = GANAugmenter(**_per_class_params())
        remote_X, remote_y = remote.fit_resample(X, y)
        assert len(client.scheduler_info()["workers"]) == 2
    pd.testing.assert_frame_equal(local_X, remote_X)
    pd.testing.assert_series_equal(local_y, remote_y)
    assert set(remote.generators_) == {0, 2}  # class 1 is the majority: nothing to add


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _dask_processes(tmp_path: Path, n_workers: int = 2):
    """A ``dask scheduler`` and a ``dask worker`` as separate processes.

    Yields the scheduler's address once the workers have joined; stops both
    processes after.
    """
    distributed = pytest.importorskip("distributed")
    dask = shutil.which("dask", path=str(Path(sys.executable).parent))
    if dask is None:
        pytest.skip("the dask command is not installed beside this Python")
    address = f"tcp://127.0.0.1:{_free_port()}"
    # The workers unpickle this module's PidRecorder: they import it from here.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    logs = tmp_path / "dask.log"
    started = []
    with logs.open("w") as log:
        try:
            started.append(
                subprocess.Popen(
                    [
                        dask,
                        "scheduler",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        address.rsplit(":", 1)[1],
                        "--no-dashboard",
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=tmp_path,
                )
            )
            started.append(
                subprocess.Popen(
                    [
                        dask,
                        "worker",
                        address,
                        "--nworkers",
                        str(n_workers),
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=tmp_path,
                )
            )
            with distributed.Client(address, timeout=60) as client:
                client.wait_for_workers(n_workers, timeout=60)
            yield address
        finally:
            for process in reversed(started):
                process.terminate()
            for process in reversed(started):
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.mark.integration
def test_cross_validation_on_dask_scheduler_and_worker_processes_matches_local(
    dataset, tmp_path
):
    distributed = pytest.importorskip("distributed")
    X, y = dataset("pima")
    cv = StratifiedKFold(2, shuffle=True, random_state=0)
    local = cross_validate(_augmented_model(), X, y, cv=cv, return_estimator=True)
    with (
        _dask_processes(tmp_path) as address,
        distributed.Client(address) as client,
        parallel_config(backend="dask"),
    ):
        worker_pids = set(client.run(os.getpid).values())
        remote = cross_validate(
            _augmented_model(), X, y, cv=cv, n_jobs=2, return_estimator=True
        )
    # Each fold was fitted in a worker process, not here.
    fitted_in = {
        pid
        for model in remote["estimator"]
        for pid in model.augmenter_.callbacks[0].pids
    }
    assert fitted_in <= worker_pids and os.getpid() not in fitted_in
    for here, there in zip(
        _synthetic_rows(local["estimator"]),
        _synthetic_rows(remote["estimator"]),
        strict=True,
    ):
        pd.testing.assert_frame_equal(here, there)
    np.testing.assert_array_equal(local["test_score"], remote["test_score"])


@pytest.fixture
def ray_cluster(monkeypatch):
    """A local Ray cluster of 2 CPUs as joblib's "ray" backend; shut down after."""
    ray = pytest.importorskip("ray")
    from ray.util.joblib import register_ray

    # Ray's workers unpickle this module's PidRecorder: they import it from here.
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    try:
        ray.init(
            num_cpus=2,
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )
    except Exception as exc:  # no shared memory, no free ports: not our failure
        pytest.skip(f"Ray cannot start a local cluster here: {exc}")
    try:
        register_ray()
        yield ray
    finally:
        ray.shutdown()


@pytest.mark.integration
def test_per_class_fits_and_cross_validation_on_ray_match_the_local_run(
    dataset, ray_cluster
):
    X, y = dataset("wine")
    X_pima, y_pima = dataset("pima")
    cv = StratifiedKFold(2, shuffle=True, random_state=0)
    local_X, _ = GANAugmenter(**_per_class_params()).fit_resample(X, y)
    local = cross_validate(
        _augmented_model(), X_pima, y_pima, cv=cv, return_estimator=True
    )
    with parallel_config(backend="ray"):
        ray_X, _ = GANAugmenter(**_per_class_params()).fit_resample(X, y)
        remote = cross_validate(
            _augmented_model(), X_pima, y_pima, cv=cv, n_jobs=2, return_estimator=True
        )
    pd.testing.assert_frame_equal(local_X, ray_X)
    # Each fold was fitted in one of Ray's worker processes, not here.
    fitted_in = {
        pid
        for model in remote["estimator"]
        for pid in model.augmenter_.callbacks[0].pids
    }
    assert fitted_in and os.getpid() not in fitted_in
    for here, there in zip(
        _synthetic_rows(local["estimator"]),
        _synthetic_rows(remote["estimator"]),
        strict=True,
    ):
        pd.testing.assert_frame_equal(here, there)
    np.testing.assert_array_equal(local["test_score"], remote["test_score"])


def test_gpu_smoke_script_checks_hold_on_the_cpu(caplog):
    """The GPU smoke script's own checks, run on the CPU so CI keeps it honest."""
    from benchmarks.gpu_smoke import main

    with caplog.at_level("INFO", logger="benchmarks.gpu_smoke"):
        assert main(["--device", "cpu", "--n-steps", "60"]) == 0
    assert "all checks held" in caplog.text


def test_gpu_smoke_script_refuses_without_cuda():
    import torch

    from benchmarks.gpu_smoke import run

    if torch.cuda.is_available():
        pytest.skip("a CUDA GPU is present")
    with pytest.raises(SystemExit, match="No CUDA GPU"):
        run("cuda")
