"""The benchmark's caches are keyed by the parameters that produced them.

A cached (data set, method) whose sidecar records other parameters than the
registry builds today is recomputed; one with the same parameters is reused;
one written before caches were keyed (no digest) is recomputed too, and the
report counts the unkeyed caches a run has not yet replaced. The runs are
replaced by a stub that records its calls and trains nothing; the data set
(new_thyroid1) and the registry are real.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from imblearn.over_sampling import RandomOverSampler

import gan_augment
from benchmarks import _cache, benchmark
from benchmarks._report import RESULT_COLUMNS
from gan_augment.pipeline import _kinds, register_augmenter

KIND = "cache_test_ros"
DATASET = "new_thyroid1"
# Caches written before sidecars recorded parameters (no digest).
OLD_CACHES = Path(__file__).parent / "fixtures" / "benchmark_cache_v1"


@pytest.fixture
def default():
    """A kind whose sampler default the test can change between two runs."""
    setting = {"shrinkage": None}
    register_augmenter(
        KIND,
        lambda X, random_state: RandomOverSampler(
            shrinkage=setting["shrinkage"], random_state=random_state
        ),
    )
    yield setting
    del _kinds._AUGMENTERS[KIND]


@pytest.fixture
def runs(monkeypatch):
    """Replace the cross-validation by a stub; the list of its calls.

    Each call returns one row whose score is the call's number, so a test can
    tell which run the cache holds.
    """
    calls: list[tuple[str, str]] = []

    def run_dataset(dataset, augmenter, **kwargs):
        calls.append((dataset, augmenter))
        row = dict.fromkeys(RESULT_COLUMNS, 0)
        row.update(
            dataset=dataset,
            augmenter=augmenter,
            classifier="tree",
            metric="balanced_accuracy",
            score=float(len(calls)),
        )
        return pd.DataFrame([row], columns=list(RESULT_COLUMNS))

    monkeypatch.setattr(benchmark, "run_dataset", run_dataset)
    return calls


def _run(results_dir: Path, augmenters=(KIND,), datasets=(DATASET,), **kwargs):
    return benchmark.run_benchmark(
        list(datasets), list(augmenters), results_dir, n_jobs=1, **kwargs
    )


def _sidecar(results_dir: Path, dataset=DATASET, augmenter=KIND) -> dict:
    return json.loads((results_dir / f"{dataset}__{augmenter}.json").read_text())


def test_sidecar_records_the_parameters_their_digest_and_the_code_version(
    tmp_path, default, runs
):
    _run(tmp_path)
    meta = _sidecar(tmp_path)
    params = meta["params"]
    assert params["kind"] == KIND
    assert params["sampler"].endswith(".RandomOverSampler")
    assert params["sampler_params"] == {
        "random_state": 0,
        "sampling_strategy": "auto",
        "shrinkage": None,
    }
    assert params["placement"] == "before"
    assert params["wrap"] is None
    assert params["classifiers"] == ["logreg", "tree", "knn", "hgb"]
    assert params["cv"] == {"n_splits": 5, "n_repeats": 2, "random_state": 0}
    assert meta["params_digest"] == benchmark.params_digest(params)
    assert re.fullmatch(r"[0-9a-f]{16}", meta["params_digest"])
    version = meta["code_version"]
    assert version["gan_augment"] == gan_augment.__version__
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    expected = head.stdout.strip() if head.returncode == 0 else None
    assert version["git_commit"] == expected


def test_unchanged_parameters_reuse_the_cache(tmp_path, default, runs):
    first = _run(tmp_path)
    second = _run(tmp_path)
    assert runs == [(DATASET, KIND)]
    assert second["score"].tolist() == first["score"].tolist() == [1.0]


def test_a_changed_default_invalidates_its_rows(tmp_path, default, runs, caplog):
    _run(tmp_path)
    before = _sidecar(tmp_path)["params_digest"]
    default["shrinkage"] = 0.5
    with caplog.at_level(logging.INFO, logger="benchmarks.benchmark"):
        result = _run(tmp_path)
    assert runs == [(DATASET, KIND), (DATASET, KIND)]
    # The second run's rows replace the first's, in the result and the cache.
    assert result["score"].tolist() == [2.0]
    cached = benchmark.load_cached(tmp_path, [DATASET], [KIND])
    assert cached["score"].tolist() == [2.0]
    meta = _sidecar(tmp_path)
    assert meta["params"]["sampler_params"]["shrinkage"] == 0.5
    assert meta["params_digest"] != before
    # The log says which pair is recomputed and what changed.
    (line,) = [
        r.getMessage() for r in caplog.records if "Recomputing" in r.getMessage()
    ]
    assert f"{DATASET} / {KIND}" in line
    assert "sampler_params.shrinkage: None -> 0.5" in line
    # And the default back: stale again, so a third run.
    default["shrinkage"] = None
    _run(tmp_path)
    assert len(runs) == 3


def test_only_the_changed_method_is_recomputed(tmp_path, default, runs):
    _run(tmp_path, augmenters=(KIND, "ros"))
    default["shrinkage"] = 0.5
    _run(tmp_path, augmenters=(KIND, "ros"))
    assert runs == [(DATASET, KIND), (DATASET, "ros"), (DATASET, KIND)]


def test_force_recomputes_unchanged_parameters(tmp_path, default, runs):
    _run(tmp_path)
    _run(tmp_path, force=[KIND])
    assert len(runs) == 2


def test_old_sidecars_without_a_digest_are_recomputed_and_then_keyed(
    tmp_path, runs, caplog
):
    shutil.copytree(OLD_CACHES, tmp_path, dirs_exist_ok=True)
    assert "params_digest" not in _sidecar(tmp_path, augmenter="gan")
    (line,) = benchmark.cache_key_lines(tmp_path)
    assert line.startswith("- Unkeyed caches: 6 of 6 cached results")
    with caplog.at_level(logging.INFO, logger="benchmarks"):
        _run(tmp_path, datasets=("new_thyroid1", "glass1"), augmenters=("none", "ros"))
    # Nothing says what produced the old rows, so every pair asked for reruns,
    # with a log line saying why, and its new sidecar is keyed.
    assert sorted(runs) == sorted(
        (d, a) for d in ("new_thyroid1", "glass1") for a in ("none", "ros")
    )
    assert caplog.text.count("records no parameter digest") == 4
    assert "params_digest" in _sidecar(tmp_path, augmenter="ros")
    # The pairs no run asked for stay as they were, and are still counted.
    assert "params_digest" not in _sidecar(tmp_path, augmenter="gan")
    (line, _versions) = benchmark.cache_key_lines(tmp_path)
    assert line.startswith("- Unkeyed caches: 2 of 6 cached results")


def test_a_cache_whose_parameters_cannot_be_built_is_kept(tmp_path, runs, monkeypatch):
    shutil.copytree(OLD_CACHES, tmp_path, dirs_exist_ok=True)
    monkeypatch.setattr(benchmark, "_pair_params", lambda dataset, augmenter: None)
    result = _run(tmp_path, datasets=("new_thyroid1",), augmenters=("none",))
    assert runs == []
    old = benchmark.load_cached(OLD_CACHES, ["new_thyroid1"], ["none"])
    pd.testing.assert_frame_equal(result, old)


def test_the_report_counts_unkeyed_and_keyed_caches(tmp_path, default, runs):
    shutil.copytree(OLD_CACHES, tmp_path, dirs_exist_ok=True)
    _run(tmp_path)  # one keyed cache beside the six old ones
    unkeyed, versions = benchmark.cache_key_lines(tmp_path)
    assert unkeyed.startswith("- Unkeyed caches: 6 of 7 cached results")
    commit = benchmark.code_version()["git_commit"]
    where = f" at `{commit[:10]}`" if commit else " (no git commit)"
    assert versions == (
        f"- Code versions of the keyed caches: gan_augment "
        f"{gan_augment.__version__}{where} (1)"
    )


def test_the_unkeyed_line_goes_into_the_provenance_section():
    lines = ["- Unkeyed caches: 1 of 2 cached results"]
    report = "# B\n\n## Provenance of cached results\n\n- `cmd` (2 results)\n"
    assert _cache.add_to_provenance(report, lines) == (
        "# B\n\n## Provenance of cached results\n\n- `cmd` (2 results)\n"
        "- Unkeyed caches: 1 of 2 cached results\n"
    )
    followed = report + "\n## Next\n"
    assert _cache.add_to_provenance(followed, lines).endswith(
        "- `cmd` (2 results)\n- Unkeyed caches: 1 of 2 cached results\n\n## Next\n"
    )
    # No provenance section (no sidecars): one is added.
    assert _cache.add_to_provenance("# B\n", lines) == (
        "# B\n\n## Provenance of cached results\n\n"
        "- Unkeyed caches: 1 of 2 cached results\n"
    )
    assert _cache.add_to_provenance(report, []) == report


def test_the_command_line_reports_the_unkeyed_caches(tmp_path, runs):
    shutil.copytree(OLD_CACHES, tmp_path / "results")
    out = tmp_path / "report.md"
    levels = {n: logging.getLogger(n).level for n in ("gan_augment", "benchmarks")}
    try:
        benchmark.main(
            [
                "--datasets",
                "new_thyroid1,glass1",
                "--augmenters",
                "none,ros",
                "--results-dir",
                str(tmp_path / "results"),
                "--out",
                str(out),
            ]
        )
    finally:  # main raises the package's loggers to INFO for a run
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    assert len(runs) == 4  # the unkeyed caches asked for are recomputed
    text = out.read_text()
    section = text[text.index("## Provenance of cached results") :]
    assert "- Unkeyed caches: 2 of 6 cached results" in section
