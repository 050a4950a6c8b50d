"""MLflow tracking and registry against real stores: sqlite and a real server."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

mlflow = pytest.importorskip("mlflow")

import gan_augment  # noqa: E402
from gan_augment import GANAugmenter  # noqa: E402
from gan_augment.mlflow import (  # noqa: E402
    CHALLENGER_ALIAS,
    CHAMPION_ALIAS,
    MlflowCallback,
    load_augmenter,
    log_augmenter,
    log_gain,
    promote,
)


def test_callback_logs_losses_params_and_figure(store, dataset):
    X, y = dataset("glass1")
    with mlflow.start_run() as run:
        augmenter = GANAugmenter(
            n_steps=40, batch_size=64, random_state=0, callbacks=[MlflowCallback()]
        ).fit(X, y)
    client = mlflow.MlflowClient()
    history = client.get_metric_history(run.info.run_id, "d_loss")
    assert [m.step for m in history] == augmenter.history_["epoch"].tolist()
    np.testing.assert_allclose(
        [m.value for m in history], augmenter.history_["d_loss"], rtol=1e-6
    )
    logged = client.get_run(run.info.run_id).data
    params = logged.params
    assert params["train_loss"] == "bce" and params["train_n_steps"] == "40"
    # Every parameter of the estimator, as MLflow's flavours log them.
    expected = {
        k: v
        for k, v in augmenter.get_params(deep=True).items()
        if k != "callbacks" and not isinstance(v, tuple | list | dict)
    }
    assert {k: params[k] for k in expected} == {k: str(v) for k, v in expected.items()}
    assert params["generator_dims"] == "(128, 128)" and "callbacks" not in params
    assert logged.tags["estimator_name"] == "GANAugmenter"
    assert logged.tags["gan_augment.version"] == gan_augment.__version__
    # The learning rate never changed: a parameter, not a flat metric line.
    assert "learning_rate" not in logged.metrics
    # One loss-curve figure for the fit (none under training/), and the
    # marginals of the oversampled class.
    assert not client.list_artifacts(run.info.run_id, "training")
    oversampled = [c for c, n in augmenter.sampling_strategy_.items() if n > 0]
    figures = [a.path for a in client.list_artifacts(run.info.run_id, "figures")]
    assert "figures/loss_curves.png" in figures
    assert {f"figures/marginals_class_{c}.png" for c in oversampled} <= set(figures)


def test_callback_logs_an_image_grid_into_its_own_run(store):
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    keep = np.concatenate([np.flatnonzero(y == 0)[:10], np.flatnonzero(y == 1)[:40]])
    X, y = X[keep], y[keep]
    params = dict(image_shape=(8, 8), n_steps=20, batch_size=32, random_state=0)
    plain = GANAugmenter(**params).fit_resample(X, y)
    assert mlflow.active_run() is None
    tracked = GANAugmenter(**params, callbacks=[MlflowCallback()]).fit_resample(X, y)
    # Drawing the figure's images does not change the rows fit_resample gives.
    np.testing.assert_array_equal(tracked[0], plain[0])
    assert mlflow.active_run() is None  # the run the callback opened is closed
    (run,) = mlflow.MlflowClient().search_runs(
        [mlflow.get_experiment_by_name("tests").experiment_id]
    )
    figures = [
        a.path for a in mlflow.MlflowClient().list_artifacts(run.info.run_id, "figures")
    ]
    assert {"figures/image_grid.png", "figures/loss_curves.png"} <= set(figures)


def test_per_class_fits_are_nested_runs(store, dataset):
    X, y = dataset("wine")
    with mlflow.start_run() as parent:
        GANAugmenter(
            conditioning="per_class",
            n_steps=20,
            random_state=0,
            callbacks=[MlflowCallback(log_figures=False)],
        ).fit(X, y)
    children = mlflow.search_runs(
        filter_string=f"tags.mlflow.parentRunId = '{parent.info.run_id}'"
    )
    assert sorted(children["tags.gan_augment.class"]) == ["0", "2"]
    assert children["metrics.g_loss"].notna().all()


def test_per_class_fit_without_active_run_gets_one_parent_run(store, dataset):
    X, y = dataset("wine")
    augmenter = GANAugmenter(
        conditioning="per_class",
        n_steps=20,
        random_state=0,
        callbacks=[MlflowCallback()],
    ).fit(X, y)
    assert mlflow.active_run() is None
    runs = mlflow.search_runs()
    parents = runs[runs["tags.mlflow.parentRunId"].isna()]
    assert len(parents) == 1 and (runs["status"] == "FINISHED").all()
    parent_id = parents["run_id"].item()
    children = runs[runs["tags.mlflow.parentRunId"] == parent_id]
    assert sorted(children["tags.gan_augment.class"]) == ["0", "2"]
    figures = [
        a.path for a in mlflow.MlflowClient().list_artifacts(parent_id, "figures")
    ]
    oversampled = [c for c, n in augmenter.sampling_strategy_.items() if n > 0]
    assert {f"figures/marginals_class_{c}.png" for c in oversampled} <= set(figures)
    # The estimator is described once, on the fit's run; classes train below it.
    assert parents["params.conditioning"].item() == "per_class"


def test_interrupted_fit_closes_its_run_as_killed(store, dataset):
    class Interrupt:
        def on_epoch_end(self, epoch, logs):
            if epoch == 2:
                raise KeyboardInterrupt

    augmenter = GANAugmenter(
        n_steps=100, random_state=0, callbacks=[MlflowCallback(), Interrupt()]
    )
    with pytest.raises(KeyboardInterrupt):
        augmenter.fit(*dataset("glass1"))
    assert mlflow.active_run() is None  # the user's next start_run works
    (status,) = mlflow.search_runs()["status"]
    assert status == "KILLED"
    assert not hasattr(augmenter, "generators_")


def test_a_failing_per_class_fit_closes_the_class_run_too(store, dataset):
    class Broken:
        def on_epoch_end(self, epoch, logs):
            raise RuntimeError("disk full")

    augmenter = GANAugmenter(
        n_steps=20,
        conditioning="per_class",
        random_state=0,
        callbacks=[MlflowCallback(), Broken()],
    )
    with pytest.raises(RuntimeError, match="disk full"):
        augmenter.fit(*dataset("glass1"))
    assert mlflow.active_run() is None
    assert set(mlflow.search_runs()["status"]) == {"FAILED"}


def test_a_callback_failing_at_fit_begin_leaves_no_run_open(store, dataset):
    class Broken:
        def on_fit_begin(self, augmenter):
            raise RuntimeError("no")

    augmenter = GANAugmenter(n_steps=20, callbacks=[MlflowCallback(), Broken()])
    with pytest.raises(RuntimeError, match="no"):
        augmenter.fit(*dataset("glass1"))
    assert mlflow.active_run() is None
    assert list(mlflow.search_runs()["status"]) == ["FAILED"]


def test_parallel_per_class_fits_log_the_training_parameters(store, dataset):
    GANAugmenter(
        n_steps=20,
        conditioning="per_class",
        n_jobs=2,
        random_state=0,
        callbacks=[MlflowCallback()],
    ).fit(*dataset("glass1"))
    runs = mlflow.search_runs()
    child = runs[runs["tags.mlflow.runName"] == "class 1"].iloc[0]
    assert child["params.train_n_steps"] == "20"


def test_logged_model_loads_without_pickle_and_repeats_samples(
    store, dataset, monkeypatch
):
    monkeypatch.setenv("MLFLOW_ALLOW_PICKLE_DESERIALIZATION", "false")
    X, y = dataset("german")
    augmenter = GANAugmenter(n_steps=60, random_state=0).fit(X, y)
    with mlflow.start_run():
        info = log_augmenter(augmenter, gain={"gain_balanced_accuracy": 0.02})
    model = mlflow.pyfunc.load_model(info.model_uri)
    out = model.predict(
        pd.DataFrame({"label": [2, 1], "n_samples": [30, 4]}),
        params={"random_state": 7},
    )
    assert list(out.columns) == [*X.columns, "label"]
    assert out["label"].value_counts().to_dict() == {2: 30, 1: 4}
    expected, _ = augmenter.sample({1: 4, 2: 30}, random_state=7)
    got = out.drop(columns="label").astype(X.dtypes.to_dict())
    pd.testing.assert_frame_equal(got, expected)
    # The signature documents the request and the rows that come back.
    assert model.metadata.get_input_schema().input_names() == ["label", "n_samples"]
    assert model.metadata.get_params_schema().params[0].name == "random_state"
    # load_augmenter gives back a working GANAugmenter with the same draws.
    loaded = load_augmenter(info.model_uri)
    pd.testing.assert_frame_equal(
        loaded.sample({2: 50}, random_state=1)[0],
        augmenter.sample({2: 50}, random_state=1)[0],
    )


def _aliases(client, name: str) -> dict[str, str]:
    """A registered model's aliases, versions as text (stores differ)."""
    return {k: str(v) for k, v in client.get_registered_model(name).aliases.items()}


def test_new_versions_are_challengers_until_promoted(store, dataset):
    X, y = dataset("new_thyroid1")
    augmenter = GANAugmenter(n_steps=20, random_state=0).fit(X, y)
    client = mlflow.MlflowClient()
    for version, gain in ((1, 0.03), (2, 0.01)):
        with mlflow.start_run() as run:
            info = log_augmenter(
                augmenter,
                registered_model_name="thyroid-gan",
                gain={"gain_balanced_accuracy": gain},
            )
        assert info.registered_model_version == version
        metrics = client.get_run(run.info.run_id).data.metrics
        assert metrics["gain_balanced_accuracy"] == pytest.approx(gain)
        # Never champion by itself, not even the first version.
        assert _aliases(client, "thyroid-gan") == {CHALLENGER_ALIAS: str(version)}
    logged = mlflow.get_logged_model(info.model_id)
    assert {m.key for m in logged.metrics} >= {"gain_balanced_accuracy"}

    first = promote("thyroid-gan", 1, reason="best gain on the protocol folds")
    assert (first.previous, first.gain) == (None, 0.03)
    second = promote("thyroid-gan", "2", reason="smaller, serves faster")
    assert (second.previous, second.gain, second.previous_gain) == ("1", 0.01, 0.03)
    # The alias moved; the challenger alias left the promoted version.
    assert _aliases(client, "thyroid-gan") == {CHAMPION_ALIAS: "2"}
    tags = client.get_model_version("thyroid-gan", "2").tags
    assert tags["promotion.previous_version"] == "1"
    assert tags["promotion.gain_balanced_accuracy"] == "0.01"
    assert tags["promotion.previous_gain_balanced_accuracy"] == "0.03"
    assert tags["promotion.reason"] == "smaller, serves faster"
    assert tags["promotion.timestamp"].startswith(str(pd.Timestamp.now("UTC").year))
    assert (
        client.get_model_version("thyroid-gan", "1").tags["promotion.replaced_by"]
        == "2"
    )
    with pytest.raises(ValueError, match="has no version 9"):
        promote("thyroid-gan", 9)


def test_automatic_promotion_only_when_asked(store, dataset):
    X, y = dataset("new_thyroid1")
    augmenter = GANAugmenter(n_steps=20, random_state=0).fit(X, y)
    for gain in (0.01, 0.05, 0.02):
        with mlflow.start_run():
            log_augmenter(
                augmenter,
                registered_model_name="auto-gan",
                gain={"gain_balanced_accuracy": gain},
                promote="auto",
            )
    client = mlflow.MlflowClient()
    # Version 2 had the best gain; version 3 waits as the challenger.
    assert _aliases(client, "auto-gan") == {
        CHAMPION_ALIAS: "2",
        CHALLENGER_ALIAS: "3",
    }
    reason = client.get_model_version("auto-gan", "2").tags["promotion.reason"]
    assert reason.startswith("automatic: gain_balanced_accuracy 0.05")
    with pytest.raises(ValueError, match="promote must be None"):
        log_augmenter(augmenter, promote="always")
    with pytest.raises(ValueError, match="max_rows must be a positive"):
        log_augmenter(augmenter, max_rows=0)


def test_logged_requirements_resolve_without_this_repository(store, dataset):
    from packaging.requirements import Requirement
    from packaging.version import Version

    X, y = dataset("new_thyroid1")
    augmenter = GANAugmenter(n_steps=10, random_state=0).fit(X, y)
    with mlflow.start_run():
        info = log_augmenter(augmenter)
    path = mlflow.pyfunc.get_model_dependencies(info.model_uri)
    lines = [
        line.strip()
        for line in open(path, encoding="utf-8")
        if line.strip() and not line.startswith("#")
    ]
    names = {Requirement(line).name for line in lines}
    assert {"torch", "numpy", "scikit-learn", "imbalanced-learn", "mlflow"} <= names
    # The package travels with the model, not as a pin pip cannot find.
    assert "gan-augment" not in names
    for line in lines:
        for spec in Requirement(line).specifier:
            # A local label (torch 2.13.0+cpu) exists only on PyTorch's index.
            assert spec.operator == "==" and Version(spec.version).local is None, line
    local = mlflow.artifacts.download_artifacts(info.model_uri)
    shipped = {p.name for p in (Path(local) / "code" / "gan_augment").iterdir()}
    assert {"__init__.py", "_augmenter.py", "mlflow"} <= shipped
    assert "__pycache__" not in shipped
    # Where gan-augment is not installed, the model loads the copy it carries.
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_THE_PACKAGE, local],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(local).parent,  # not the repository
    )
    assert done.returncode == 0, done.stderr[-3000:]
    where, n_rows = done.stdout.split()[-2:]
    assert Path(where).is_relative_to(Path(local) / "code") and n_rows == "3"


_WITHOUT_THE_PACKAGE = """
import sys
# The editable install of this checkout is gone: as on a machine without it.
sys.meta_path = [f for f in sys.meta_path if "Editable" not in type(f).__name__
                 and "Editable" not in getattr(f, "__name__", "")]
try:
    import gan_augment
except ImportError:
    pass
else:
    raise SystemExit("gan_augment is still importable")
import mlflow
import pandas as pd
model = mlflow.pyfunc.load_model(sys.argv[1])
rows = model.predict(pd.DataFrame({"label": [1], "n_samples": [3]}))
import gan_augment
print(gan_augment.__file__, len(rows))
"""


def test_served_model_refuses_requests_over_its_row_limit(store, dataset):
    X, y = dataset("new_thyroid1")
    augmenter = GANAugmenter(n_steps=10, random_state=0).fit(X, y)
    with mlflow.start_run():
        info = log_augmenter(augmenter, max_rows=50)
    model = mlflow.pyfunc.load_model(info.model_uri)
    assert len(model.predict(pd.DataFrame({"label": [1, 0], "n_samples": [30, 20]})))
    with pytest.raises(mlflow.exceptions.MlflowException, match="at most 50 rows"):
        model.predict(pd.DataFrame({"label": [1, 0], "n_samples": [30, 21]}))
    with pytest.raises(mlflow.exceptions.MlflowException, match="0 or more rows"):
        model.predict(pd.DataFrame({"label": [1], "n_samples": [-3]}))


def test_figures_and_logging_refuse_mismatched_input(store, dataset):
    from sklearn.exceptions import NotFittedError

    from gan_augment.mlflow import log_quality_figures

    X, y = dataset("new_thyroid1")
    words = y.map({0: "normal", 1: "hyper"})
    augmenter = GANAugmenter(n_steps=10, random_state=0).fit(X, words)
    with mlflow.start_run() as run:
        with pytest.raises(NotFittedError):
            log_quality_figures(GANAugmenter(), X, words)
        with pytest.raises(ValueError, match="none of the augmenter's classes"):
            log_quality_figures(augmenter, X, y)
        with pytest.raises(TypeError, match="registered_model_name must be a string"):
            log_augmenter(augmenter, registered_model_name=5)
        # An array of the frame the augmenter was fitted on is read by its names.
        log_quality_figures(augmenter, X.to_numpy(), words)
    artifacts = mlflow.MlflowClient().list_artifacts(run.info.run_id, "figures")
    assert "figures/marginals_class_hyper.png" in [a.path for a in artifacts]


def test_log_gain_names_contain_gain(store):
    with mlflow.start_run() as run:
        sent = log_gain({"gain_f1": 0.1, "baseline_f1": 0.5}, prefix="smote_")
    assert set(sent) == {"smote_gain_f1", "smote_baseline_f1"}
    metrics = mlflow.MlflowClient().get_run(run.info.run_id).data.metrics
    assert metrics["smote_gain_f1"] == pytest.approx(0.1)


def test_the_pass_throughs_log_what_pipelines_log(store, tmp_path):
    import gan_augment.mlflow as tracking

    assert tracking.get_tracking_uri() == store
    tracking.set_experiment("tests")
    (tmp_path / "spec.toml").write_text("[data]\n")
    with tracking.start_run(run_name="parent") as parent:
        tracking.log_params({"data": "pima", "n_rows": 768})
        tracking.log_artifact(str(tmp_path / "spec.toml"), "pipeline")
        tracking.log_table(pd.DataFrame({"gain": [0.1]}), "gain_summary.json")
        with tracking.start_run(run_name="child", nested=True) as child:
            tracking.log_metrics({"quality_auc": 0.6})
            tracking.log_text("a table", "gain.txt")
    client = mlflow.MlflowClient()
    run = client.get_run(parent.info.run_id)
    assert run.info.run_name == "parent"
    assert run.data.params == {"data": "pima", "n_rows": "768"}
    assert {a.path for a in client.list_artifacts(parent.info.run_id)} == {
        "gain_summary.json",
        "pipeline",
    }
    nested = client.get_run(child.info.run_id)
    assert nested.data.tags["mlflow.parentRunId"] == parent.info.run_id
    assert nested.data.metrics == {"quality_auc": 0.6}
    assert [a.path for a in client.list_artifacts(child.info.run_id)] == ["gain.txt"]


def test_only_the_adapter_imports_mlflow():
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "gan_augment"
    importers = []
    for path in sorted(package.rglob("*.py")):
        if "mlflow" in path.relative_to(package).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(name.split(".")[0] == "mlflow" for name in names):
                importers.append(str(path.relative_to(package)))
    assert importers == []
    # And the adapter imports it only when its functions run.
    code = (
        "import sys; import gan_augment, gan_augment.mlflow, gan_augment.cli, "
        "gan_augment.pipeline; print('mlflow' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"


# ---------------------------------------------------------------- real server
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """A real `mlflow server` on 127.0.0.1 at a free port."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mlflow",
            "server",
            "--backend-store-uri",
            f"sqlite:///{tmp_path / 'server.db'}",
            "--artifacts-destination",
            str(tmp_path / "server-artifacts"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "MLFLOW_ALLOW_PICKLE_DESERIALIZATION": "false"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("mlflow server did not start within 90 s")
    yield url, process
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.integration
def test_real_server_log_register_load(server, tmp_path, monkeypatch, dataset):
    url, _ = server
    monkeypatch.chdir(tmp_path)
    mlflow.set_tracking_uri(url)
    mlflow.set_registry_uri(url)
    try:
        mlflow.set_experiment("server-test")
        X, y = dataset("abalone9_18")
        with mlflow.start_run():
            augmenter = GANAugmenter(
                n_steps=60, random_state=0, callbacks=[MlflowCallback()]
            ).fit(X, y)
            info = log_augmenter(
                augmenter,
                registered_model_name="abalone-gan",
                gain={"gain_balanced_accuracy": 0.03},
            )
        promote("abalone-gan", info.registered_model_version, reason="first")
        loaded = load_augmenter("models:/abalone-gan@champion")
        pd.testing.assert_frame_equal(
            loaded.sample({1: 200}, random_state=4)[0],
            augmenter.sample({1: 200}, random_state=4)[0],
        )
        model = mlflow.pyfunc.load_model(
            f"models:/abalone-gan/{info.registered_model_version}"
        )
        out = model.predict(pd.DataFrame({"label": [1], "n_samples": [9]}))
        assert len(out) == 9 and (out["label"] == 1).all()
    finally:
        mlflow.set_tracking_uri(None)
        mlflow.set_registry_uri(None)


@pytest.mark.integration
def test_server_going_away_does_not_stop_training(
    server, tmp_path, monkeypatch, dataset
):
    url, process = server
    monkeypatch.chdir(tmp_path)
    mlflow.set_tracking_uri(url)
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_TIMEOUT", "3")

    class KillServer:
        def on_epoch_end(self, epoch, logs):
            if epoch == 3 and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)

    fallback = tmp_path / "unsent.jsonl"
    try:
        mlflow.set_experiment("flaky")
        run = mlflow.start_run()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            augmenter = GANAugmenter(
                n_steps=200,
                batch_size=64,
                random_state=0,
                callbacks=[
                    MlflowCallback(
                        flush_every=4, log_figures=False, fallback_path=fallback
                    ),
                    KillServer(),
                ],
            ).fit(*dataset("glass1"))
        assert hasattr(augmenter, "generators_")  # training finished
        assert any("MLflow tracking failed" in str(w.message) for w in caught)
        records = [json.loads(line) for line in fallback.read_text().splitlines()]
        assert {r["key"] for r in records} >= {"d_loss", "g_loss"}
        assert max(r["step"] for r in records) == augmenter.history_["epoch"].max()
        assert all(r["run_id"] == run.info.run_id for r in records)
    finally:
        try:
            mlflow.end_run()
        except Exception:
            pass
        mlflow.set_tracking_uri(None)


_WORKER = """
import sys
import mlflow
from gan_augment import GANAugmenter
from gan_augment.datasets import load_dataset
from gan_augment.mlflow import MlflowCallback

uri, experiment_id, index, fallback = sys.argv[1:5]
mlflow.set_tracking_uri(uri)
X, y = load_dataset("glass1")
with mlflow.start_run(experiment_id=experiment_id, run_name=f"worker {index}"):
    callback = MlflowCallback(flush_every=10, log_figures=False, fallback_path=fallback)
    augmenter = GANAugmenter(n_steps=120, random_state=int(index), callbacks=[callback])
    augmenter.fit(X, y)
    print(len(augmenter.history_))
"""


@pytest.mark.integration
def test_eight_processes_logging_to_one_sqlite_store_lose_nothing(store, tmp_path):
    experiment_id = mlflow.get_experiment_by_name("tests").experiment_id
    script = tmp_path / "worker.py"
    script.write_text(_WORKER)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                str(script),
                store,
                experiment_id,
                str(i),
                str(tmp_path / f"u{i}"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(8)
    ]
    epochs = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-2000:]
        epochs.append(int(out.strip().splitlines()[-1]))
    client = mlflow.MlflowClient(store)
    runs = client.search_runs([experiment_id])
    assert sorted(r.info.run_name for r in runs) == [f"worker {i}" for i in range(8)]
    for run in runs:
        for key in ("d_loss", "g_loss"):
            assert len(client.get_metric_history(run.info.run_id, key)) == epochs[0]
    assert not list(tmp_path.glob("u*")), "some metrics could not be sent"


# ------------------------------------------------------------------ the guide
@pytest.mark.slow
def test_the_mlflow_guide_runs_as_written(tmp_path, monkeypatch, empty_store):
    """docs/guide/mlflow.md: every snippet, in order, in an empty folder."""
    import doctest

    guide = Path(__file__).resolve().parents[1] / "docs" / "guide" / "mlflow.md"
    monkeypatch.chdir(tmp_path)
    shutil.copy(empty_store, tmp_path / "mlflow.db")  # migrations take seconds
    monkeypatch.setenv("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    try:
        result = doctest.testfile(
            str(guide),
            module_relative=False,
            optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
            raise_on_error=False,
            report=True,
            verbose=False,
        )
    finally:
        from gan_augment.mlflow import autolog

        autolog(disable=True)
        while mlflow.active_run() is not None:
            mlflow.end_run()
        mlflow.set_tracking_uri(None)
    assert result.attempted > 20
    assert result.failed == 0, "see the doctest report above"
