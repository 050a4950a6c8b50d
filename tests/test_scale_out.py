"""Many fits through joblib: a real Dask LocalCluster gives the local results."""

from __future__ import annotations

import pandas as pd
import pytest
from joblib import parallel_config

from gan_augment import GANAugmenter

distributed = pytest.importorskip("distributed")


@pytest.mark.integration
def test_per_class_fits_on_a_dask_cluster_match_the_local_run(dataset):
    X, y = dataset("wine")
    params = {
        "conditioning": "per_class",
        "sampling_strategy": "all",
        "n_jobs": 2,
        "n_steps": 60,
        "random_state": 0,
    }
    local_X, local_y = GANAugmenter(**params).fit_resample(X, y)
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
        remote = GANAugmenter(**params)
        remote_X, remote_y = remote.fit_resample(X, y)
        assert len(client.scheduler_info()["workers"]) == 2
    pd.testing.assert_frame_equal(local_X, remote_X)
    pd.testing.assert_series_equal(local_y, remote_y)
    assert set(remote.generators_) == {0, 2}  # class 1 is the majority: nothing to add


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
