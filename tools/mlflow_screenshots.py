"""Screenshots of real MLflow runs for the documentation.

Runs a pipeline spec (by default ``pipelines/demo.toml``, what ``make demo``
runs) into a fresh sqlite store in a temporary folder, starts ``mlflow server``
on 127.0.0.1, and takes screenshots of the MLflow UI with headless Chromium
through Playwright:

- ``experiment.png``: the experiment's runs, nested runs expanded, gain columns;
- ``run_overview.png``: the final fit's run: all the augmenter's parameters,
  its tags and the training data in the Datasets section;
- ``run_metrics.png``: the final fit's run, its metric charts (losses);
- ``run_artifacts.png``: the same run's artifacts, the marginals figure open;
- ``registered_model.png``: the registered model, its versions and aliases
  (the script promotes the registered version, as a user would with
  ``gan-augment promote``, so that ``champion`` shows beside ``challenger``).

They land in ``docs/_static/screenshots/`` (committed; the docs build does not
run this script). Requirements, besides the project's ``.venv``::

    apt-get install chromium         # or any Chromium/Chrome: --chromium PATH
    pip install playwright           # its own browser download is not needed

Usage::

    .venv/bin/python tools/mlflow_screenshots.py [--spec pipelines/demo.toml]
        [--out docs/_static/screenshots] [--chromium /usr/bin/chromium]

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
    figures = [a.path for a in client.list_artifacts(final, "figures")]
    marginals = next(p for p in figures if "marginals" in p)
    return {
        "uri": uri,
        "experiment_id": experiment_id,
        "parent": parent,
        "final": final,
        "marginals": marginals,
        "model": spec.mlflow["registered_model_name"],
    }


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
    """Screenshot the five pages into ``out``."""
    from playwright.sync_api import sync_playwright

    experiment = f"#/experiments/{ids['experiment_id']}"
    final = f"{experiment}/runs/{ids['final']}"
    pages = {
        "experiment.png": f"{experiment}/runs",
        "run_overview.png": f"{final}/overview",
        "run_metrics.png": f"{final}/model-metrics",
        "run_artifacts.png": f"{final}/artifacts/{ids['marginals']}",
        "registered_model.png": f"#/models/{ids['model']}",
    }
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox"]
        )
        context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
        context.add_init_script(_local_storage(ids))
        page = context.new_page()
        for name, fragment in pages.items():
            page.goto(base + fragment, wait_until="load")
            # The UI is a single-page app that keeps polling: wait for it to
            # render rather than for the network to go idle.
            page.wait_for_timeout(5000)
            path = out / name
            page.screenshot(path=str(path))
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
    args = parser.parse_args(argv)
    chromium = _find_chromium(args.chromium)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gan-augment-shots-") as tmp:
        store = Path(tmp)
        os.environ.pop("MLFLOW_TRACKING_URI", None)
        ids = track(Path(args.spec).resolve(), store)
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
