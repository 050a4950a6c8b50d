"""The registered model served by ``mlflow models serve``, asked over HTTP."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pandas as pd
import pytest

mlflow = pytest.importorskip("mlflow")

from gan_augment import GANAugmenter  # noqa: E402
from gan_augment.mlflow import log_augmenter  # noqa: E402

# The sqlite store fixtures (store, empty_store) are in conftest.py.


PATH = os.environ.get("PATH", "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(url: str, payload: dict) -> tuple[int, str]:
    """POST JSON; the status and the body, also for an HTTP error."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for_ping(url: str, process: subprocess.Popen, log, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"mlflow models serve exited:\n{log.read()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    log.seek(0)
    pytest.fail(f"mlflow models serve did not answer /ping:\n{log.read()[-3000:]}")


def _request(counts: dict, seed: int) -> dict:
    return {
        "dataframe_split": {
            "columns": ["label", "n_samples"],
            "data": [[label, n] for label, n in counts.items()],
        },
        "params": {"random_state": seed},
    }


@pytest.mark.integration
def test_mlflow_models_serve_answers_and_refuses_over_http(store, dataset, tmp_path):
    X, y = dataset("new_thyroid1")
    augmenter = GANAugmenter(n_steps=20, random_state=0).fit(X, y)
    with mlflow.start_run():
        info = log_augmenter(augmenter, registered_model_name="served", max_rows=100)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mlflow",
            "models",
            "serve",
            "-m",
            f"models:/served/{info.registered_model_version}",
            "--env-manager",
            "local",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-w",
            "1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={
            **os.environ,
            "MLFLOW_TRACKING_URI": store,
            "MLFLOW_REGISTRY_URI": store,
            # MLflow starts `uvicorn` by name: the environment's scripts first,
            # as in an activated virtual environment.
            "PATH": os.pathsep.join([os.path.dirname(sys.executable), PATH]),
        },
        cwd=tmp_path,
        start_new_session=True,  # the server's workers go with it
    )
    try:
        _wait_for_ping(url, process, log, seconds=45)
        status, body = _post(f"{url}/invocations", _request({1: 7, 0: 3}, seed=5))
        assert status == 200, body
        rows = pd.DataFrame(json.loads(body)["predictions"])
        assert list(rows.columns) == [*map(str, X.columns), "label"]
        assert rows["label"].value_counts().to_dict() == {1: 7, 0: 3}
        # The same random_state gives the same rows, here and in process.
        status, again = _post(f"{url}/invocations", _request({1: 7, 0: 3}, seed=5))
        assert status == 200 and again == body
        expected, _ = augmenter.sample({1: 7, 0: 3}, random_state=5)
        pd.testing.assert_frame_equal(
            rows.drop(columns="label").astype(float),
            expected.reset_index(drop=True).astype(float).rename(columns=str),
            rtol=1e-6,
        )
        # Over the limit set at logging: a clear refusal, and the server lives.
        status, refusal = _post(f"{url}/invocations", _request({1: 60, 0: 41}, 5))
        assert status == 400, refusal
        assert "at most 100 rows per request" in json.loads(refusal)["message"]
        status, _ = _post(f"{url}/invocations", _request({1: 2}, seed=1))
        assert status == 200
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()
