"""Screenshots of real MLflow runs for the documentation.

Runs a pipeline spec (by default ``pipelines/demo.toml``, what ``make demo``
runs) into a fresh sqlite store in a temporary folder, starts ``mlflow server``
on 127.0.0.1, and takes screenshots of the MLflow UI with headless Chromium
through Playwright:

- ``experiment.png``: the experiment's runs, nested runs expanded, gain columns;
- ``run_overview.png``: the final fit's run: its metrics (holdout quality,
  gains, last losses), its parent run and its tags;
- ``run_metrics.png``: the final fit's run, its metric charts (losses);
- ``run_artifacts.png``: the same run's artifacts, the marginals figure open;
- ``run_precision_recall.png`` and ``run_pca.png``: the same run's holdout
  precision-recall curves (with and without the augmenter) and the PCA of
  real against synthetic rows;
- ``parent_gain_forest.png`` and ``parent_gain_summary.png``: the pipeline's
  parent run's artifacts, the gain forest plot and the gain table;
- ``autolog_run.png``: a fit logged by ``gan_augment.mlflow.autolog()`` (the
  pipeline's fits log no dataset): its training data in the Datasets row;
- ``registered_model.png``: the registered model, its versions and aliases.
  The script promotes the pipeline's version, as a user would with
  ``gan-augment promote``, then registers the autologged fit as a new
  version, so that ``champion`` shows beside ``challenger``.

They land in ``docs/_static/screenshots/`` (committed; the docs build does not
run this script). Requirements, besides the project's ``.venv``::

    apt-get install chromium         # or any Chromium/Chrome: --chromium PATH
    pip install playwright           # its own browser download is not needed

Usage::

    .venv/bin/python tools/mlflow_screenshots.py [--spec pipelines/demo.toml]
        [--out docs/_static/screenshots] [--chromium /usr/bin/chromium]
        [--store DIR]

The MLflow UI keeps its view settings in the browser's localStorage; the
script seeds them (model-training view, nested runs expanded, gain columns,
no assistant panel). The keys are those of MLflow 3.17 and may need an update
for later UIs: look at the PNGs before committing them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIEWPORT = {"width": 1440, "height": 760}
# Columns of the runs table: what each augmenter x classifier run measured.
RUN_COLUMNS = [
    "params.`augmenter`",
    "params.`classifier`",
    "metrics.`gain_balanced_accuracy`",
    "metrics.`gain_f1_minority`",
    "metrics.`gain_roc_auc`",
    "attributes.`Models`",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _find_chromium(explicit: str | None) -> str:
    candidates = [explicit] if explicit else []
    candidates += ["chromium", "chromium-browser", "google-chrome", "chrome"]
    for name in candidates:
        path = shutil.which(name) if name else None
        if path:
            return path
    raise SystemExit(
        "No Chromium found: apt-get install chromium, or pass --chromium PATH."
    )


def track(spec_path: Path, store: Path) -> dict:
    """Run the spec into a sqlite store under ``store``; return the ids to show."""
    import mlflow

    from gan_augment.mlflow import CHAMPION_ALIAS, promote
    from gan_augment.pipeline import load_spec, run_pipeline

    uri = f"sqlite:///{store}/mlflow.db"
    mlflow.set_tracking_uri(uri)
    spec = load_spec(spec_path)
    experiment = spec.mlflow.get("experiment", f"gan-augment-{spec.name}")
    # An explicit artifact location keeps artifacts out of the working directory.
    experiment_id = mlflow.create_experiment(
        experiment, artifact_location=(store / "artifacts").as_uri()
    )
    started = time.perf_counter()
    run_pipeline(spec, tracking_uri=uri, verbose=0)
    print(f"tracked {spec_path.name} in {time.perf_counter() - started:.0f} s")
    runs = mlflow.search_runs([experiment_id])
    parent = runs.loc[runs["tags.mlflow.parentRunId"].isna(), "run_id"].item()
    register = spec.mlflow.get("register")
    final = runs.loc[
        runs["tags.mlflow.runName"] == f"{register} (all data)", "run_id"
    ].item()
    client = mlflow.MlflowClient()
    name = spec.mlflow["registered_model_name"]
    if not client.get_registered_model(name).aliases.get(CHAMPION_ALIAS):
        newest = max(
            int(v.version) for v in client.search_model_versions(f"name='{name}'")
        )
        promote(name, newest, reason="screenshots of the documentation")
    autologged = track_autolog(spec, store, name)
    figures = [a.path for a in client.list_artifacts(final, "figures")]
    marginals = next(p for p in figures if "marginals" in p)
    return {
        "uri": uri,
        "experiment_id": experiment_id,
        "parent": parent,
        "final": final,
        "marginals": marginals,
        "autolog_experiment_id": autologged["experiment_id"],
        "autolog": autologged["run_id"],
        "model": name,
    }


def track_autolog(spec, store: Path, registered_model_name: str) -> dict:
    """One autologged GAN fit on the spec's data, registered as a new version.

    The pipeline's fits log no dataset (their callback logs parameters,
    losses and figures); ``autolog()`` does, so this run shows the Datasets
    row. Registering it gives the model a ``challenger`` beside the promoted
    ``champion``. Its own experiment keeps the pipeline's runs table as
    ``make demo`` leaves it.
    """
    import mlflow

    from gan_augment import GANAugmenter
    from gan_augment.mlflow import autolog, log_augmenter
    from gan_augment.pipeline import load_data

    X, y = load_data(spec.data)
    experiment_id = mlflow.create_experiment(
        "gan-augment-autolog", artifact_location=(store / "autolog").as_uri()
    )
    autolog()
    try:
        started = time.perf_counter()
        with mlflow.start_run(
            experiment_id=experiment_id, run_name="autologged fit"
        ) as run:
            augmenter = GANAugmenter(n_steps=300, random_state=0).fit(X, y)
            log_augmenter(augmenter, registered_model_name=registered_model_name)
    finally:
        autolog(disable=True)
    print(f"autologged a fit in {time.perf_counter() - started:.0f} s")
    return {"experiment_id": experiment_id, "run_id": run.info.run_id}


def _local_storage(ids: dict) -> str:
    """A script that seeds the UI's view settings before any page loads."""
    state = {
        "searchFilter": "",
        "orderByKey": "attributes.start_time",
        "orderByAsc": False,
        "startTime": "ALL",
        "lifecycleFilter": "Active",
        "datasetsFilter": [],
        "modelVersionFilter": "All Runs",
        "selectedColumns": RUN_COLUMNS,
        "columnOrder": [],
        "columnWidths": {},
        "runsExpanded": {ids["parent"]: True},
        "runsPinned": [],
        "runsHidden": [],
        "runsVisibilityMap": {},
        "runsHiddenMode": "FIRST_10_RUNS",
        "viewMaximized": False,
        "runListHidden": False,
        "isAccordionReordered": False,
        "useGroupedValuesInCharts": True,
        "hideEmptyCharts": True,
        "groupBy": None,
        "groupsExpanded": {},
        "autoRefreshEnabled": False,
        "globalLineChartConfig": {
            "xAxisKey": "step",
            "lineSmoothness": 0,
            "selectedXAxisMetricKey": "",
        },
    }
    page_key = (
        f'MLflowLocalStorage-1.1-ExperimentPage-["{ids["experiment_id"]}"]'
        "-ReactComponentState"
    )
    storage = {
        page_key: json.dumps(state),
        "mlflow.workflowType_v1": '"machine_learning"',
        "mlflow.assistant.fab.autoOpenedOnFirstLoad_v1": "true",
        "mlflow.assistant.panelOpen_v1": "false",
        "mlflow.detectIssues.guidanceShown_v1": "true",
        "_mlflow_dark_mode_toggle_enabled": "false",
        "databricks-dark-mode-pref": "light",
    }
    return "".join(
        f"window.localStorage.setItem({json.dumps(k)}, {json.dumps(v)});"
        for k, v in storage.items()
    )


def serve(uri: str, port: int, log: Path) -> subprocess.Popen:
    """Start ``mlflow server`` on 127.0.0.1 and wait until it answers."""
    command = [
        sys.executable,
        "-m",
        "mlflow",
        "server",
        "--backend-store-uri",
        uri,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    handle = log.open("w")
    server = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"mlflow server exited; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"mlflow server did not answer within 90 s; see {log}")


def shoot(base: str, ids: dict, out: Path, chromium: str) -> list[Path]:
    """Screenshot the pages into ``out``."""
    from playwright.sync_api import sync_playwright

    experiment = f"#/experiments/{ids['experiment_id']}"
    final = f"{experiment}/runs/{ids['final']}"
    parent = f"{experiment}/runs/{ids['parent']}"
    autologged = f"#/experiments/{ids['autolog_experiment_id']}/runs/{ids['autolog']}"
    pages = {
        "experiment.png": f"{experiment}/runs",
        "run_overview.png": f"{final}/overview",
        "run_metrics.png": f"{final}/model-metrics",
        "run_artifacts.png": f"{final}/artifacts/{ids['marginals']}",
        "run_precision_recall.png": f"{final}/artifacts/figures/precision_recall.png",
        "run_pca.png": f"{final}/artifacts/figures/pca.png",
        "parent_gain_forest.png": f"{parent}/artifacts/figures/gain_forest.png",
        "parent_gain_summary.png": f"{parent}/artifacts/gain_summary.json",
        "autolog_run.png": f"{autologged}/overview",
        "registered_model.png": f"#/models/{ids['model']}",
    }
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox"]
        )
        context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
        context.add_init_script(_local_storage(ids))
        for name, fragment in pages.items():
            # A fresh page per shot: within one page the app keeps the file
            # or run it showed when only the fragment's tail changes.
            page = context.new_page()
            page.goto(base + fragment, wait_until="load")
            # The UI is a single-page app that keeps polling: wait for it to
            # render rather than for the network to go idle.
            page.wait_for_timeout(5000)
            path = out / name
            page.screenshot(path=str(path))
            page.close()
            written.append(path)
            print(
                f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
            )
        browser.close()
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", default=str(ROOT / "pipelines" / "demo.toml"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "_static" / "screenshots"))
    parser.add_argument("--chromium", default=None, help="path of a Chromium binary")
    parser.add_argument(
        "--store",
        default=None,
        help="keep the runs in this folder (a temporary one otherwise); a folder "
        "kept by an earlier run is shot again without running the spec",
    )
    args = parser.parse_args(argv)
    chromium = _find_chromium(args.chromium)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gan-augment-shots-") as tmp:
        store = Path(args.store).resolve() if args.store else Path(tmp)
        store.mkdir(parents=True, exist_ok=True)
        os.environ.pop("MLFLOW_TRACKING_URI", None)
        saved = store / "ids.json"
        if saved.exists():
            # A store kept by an earlier --store run: shoot it again as it is.
            ids = json.loads(saved.read_text())
        else:
            ids = track(Path(args.spec).resolve(), store)
            saved.write_text(json.dumps(ids))
        port = _free_port()
        server = serve(ids["uri"], port, store / "server.log")
        try:
            shoot(f"http://127.0.0.1:{port}/", ids, out, chromium)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
