"""The gan-augment command end to end, with a real MLflow sqlite store."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

mlflow = pytest.importorskip("mlflow")

from gan_augment.cli import main  # noqa: E402
from gan_augment.pipeline import load_spec  # noqa: E402

PIPELINE = """
[pipeline]
name = "tiny"

[data]
dataset = "new_thyroid1"

[cv]
n_splits = 2
n_repeats = 1
random_state = 0

[[augmenters]]
name = "gan"
kind = "gan"
params = { n_steps = 80, random_state = 0 }

[[augmenters]]
name = "ros"
kind = "ros"

[[classifiers]]
name = "logreg"
kind = "logreg"

[metrics]
scoring = ["balanced_accuracy", "roc_auc"]

[mlflow]
experiment = "cli-test"
register = "gan"
registered_model_name = "tiny-gan"
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    yield tmp_path
    while mlflow.active_run() is not None:
        mlflow.end_run()
    mlflow.set_tracking_uri(None)
    mlflow.set_registry_uri(None)


def test_run_pipeline_logs_gains_and_registers(workdir, capsys):
    spec = workdir / "tiny.toml"
    spec.write_text(PIPELINE.replace("n_steps = 80", "n_steps = 3000"))
    uri = f"sqlite:///{workdir / 'mlflow.db'}"
    # Global options after the subcommand too; --set changes the file's values.
    argv = ["-q", "run", str(spec), "--tracking-uri", uri]
    assert main([*argv, "--set", "augmenters.gan.n_steps=80"]) == 0
    out = capsys.readouterr().out
    assert "balanced_accuracy" in out and "gan" in out
    client = mlflow.MlflowClient(uri)
    experiment = client.get_experiment_by_name("cli-test")
    runs = client.search_runs([experiment.experiment_id])
    names = {r.info.run_name for r in runs}
    assert {"tiny", "gan+logreg", "ros+logreg", "gan (all data)"} <= names
    parent = next(r for r in runs if r.info.run_name == "tiny")
    assert any("gain" in key for key in parent.data.metrics)
    pair = next(r for r in runs if r.info.run_name == "gan+logreg")
    assert "gain_balanced_accuracy" in pair.data.metrics
    assert pair.data.params["augmenter_n_steps"] == "80"
    # The parent run holds the gains as an MLflow table and a forest plot.
    parent_files = {a.path for a in client.list_artifacts(parent.info.run_id)}
    assert "gain_summary.json" in parent_files
    forest = {a.path for a in client.list_artifacts(parent.info.run_id, "figures")}
    assert "figures/gain_forest.png" in forest
    summary = mlflow.load_table("gain_summary.json", run_ids=[parent.info.run_id])
    assert set(summary["augmenter"]) == {"gan", "ros"}
    # The registered fit's run: precision-recall on the holdout, with and without.
    final = next(r for r in runs if r.info.run_name == "gan (all data)")
    figures = {a.path for a in client.list_artifacts(final.info.run_id, "figures")}
    assert "figures/precision_recall.png" in figures
    # A new version is the challenger; no version serves as champion by itself.
    challenger = client.get_model_version_by_alias("tiny-gan", "challenger")
    assert str(challenger.version) == "1"
    assert "gain_balanced_accuracy" in challenger.tags
    with pytest.raises(mlflow.exceptions.MlflowException):
        client.get_model_version_by_alias("tiny-gan", "champion")


def test_promotion_is_deliberate_or_asked_for_in_the_spec(workdir, capsys):
    spec = workdir / "tiny.toml"
    spec.write_text(PIPELINE.replace('kind = "ros"', 'kind = "smote"'))
    uri = f"sqlite:///{workdir / 'mlflow.db'}"
    run = ["-q", "--tracking-uri", uri, "run", str(spec)]
    # Asked for in the spec: the first version becomes champion by itself.
    assert main([*run, "--set", "mlflow.promote=auto"]) == 0
    client = mlflow.MlflowClient(uri)
    assert str(client.get_model_version_by_alias("tiny-gan", "champion").version) == "1"
    # Without it, version 2 waits as the challenger ...
    assert main(run) == 0
    alias = client.get_model_version_by_alias
    assert str(alias("tiny-gan", "challenger").version) == "2"
    assert str(alias("tiny-gan", "champion").version) == "1"
    capsys.readouterr()
    # ... until someone promotes it, with a reason that the registry keeps.
    promote = ["--tracking-uri", uri, "promote", "tiny-gan", "2"]
    assert main([*promote, "--reason", "reviewed"]) == 0
    assert "models:/tiny-gan@champion is now version 2 (was version 1" in (
        capsys.readouterr().out
    )
    champion = client.get_model_version_by_alias("tiny-gan", "champion")
    assert str(champion.version) == "2"
    assert champion.tags["promotion.reason"] == "reviewed"
    assert champion.tags["promotion.previous_version"] == "1"
    # A version that is not there: a usage error, one line, exit status 2.
    assert main([*promote[:-1], "9"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    # A policy other than "auto" is refused before anything trains.
    assert main([*run, "--set", "mlflow.promote=best"]) == 2


def test_fit_then_sample_from_the_registry(workdir, capsys, dataset):
    X, y = dataset("glass1")
    X.assign(kind=y.map({0: "other", 1: "window"})).to_csv("glass.csv", index=False)
    uri = f"sqlite:///{workdir / 'mlflow.db'}"
    args = ["--tracking-uri", uri, "-q", "fit", "glass.csv", "--target", "kind"]
    assert main([*args, "--n-steps", "50", "--register", "glass-gan"]) == 0
    assert "models:/glass-gan/1" in capsys.readouterr().out
    sample = ["--tracking-uri", uri, "sample", "models:/glass-gan/1"]
    assert main([*sample, "--n", "20", "--label", "window", "-o", "rows.csv"]) == 0
    rows = pd.read_csv("rows.csv")
    assert len(rows) == 20 and (rows["label"] == "window").all()
    assert list(rows.columns) == [*X.columns, "label"]


def test_fit_save_and_sample_from_a_folder(workdir, capsys, dataset):
    X, y = dataset("pima")
    X.assign(target=y).to_csv("pima.csv", index=False)
    assert (
        main(
            [
                "-q",
                "fit",
                "pima.csv",
                "--target",
                "target",
                "--n-steps",
                "30",
                "--param",
                "batch_size=32",
                "--param",
                "sampling_strategy=0.8",
                "--save",
                "model",
            ]
        )
        == 0
    )
    capsys.readouterr()
    from gan_augment import load_augmenter

    saved = load_augmenter("model")
    assert (saved.batch_size, saved.sampling_strategy, saved.n_steps) == (32, 0.8, 30)
    assert (
        main(["sample", "model", "--n", "5", "--label", "1", "--random-state", "3"])
        == 0
    )
    printed = capsys.readouterr().out
    frame = pd.read_csv(pd.io.common.StringIO(printed))
    assert frame.shape == (5, 9) and (frame["label"] == 1).all()


_WITHOUT_MLFLOW = """
import sys

sys.modules["mlflow"] = None  # any import of mlflow now fails
from gan_augment.cli import main

sys.exit(main(sys.argv[1:]))
"""


def test_sample_from_a_folder_needs_no_mlflow_and_matches_the_served_model(
    workdir, capsys, dataset
):
    from gan_augment import load_augmenter
    from gan_augment.mlflow import generate_frame

    X, y = dataset("glass1")
    X.assign(kind=y.map({0: "other", 1: "window"})).to_csv("glass.csv", index=False)
    fit = ["-q", "fit", "glass.csv", "--target", "kind", "--n-steps", "30"]
    assert main([*fit, "--save", "model"]) == 0
    script = workdir / "no_mlflow.py"
    script.write_text(_WITHOUT_MLFLOW)
    argv = ["sample", "model", "--n", "6", "--label", "window", "--random-state", "2"]
    done = subprocess.run(
        [sys.executable, str(script), *argv, "-o", "rows.csv"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = pd.read_csv("rows.csv")
    # The same rows as the logged model's answer to the same request.
    served = generate_frame(
        load_augmenter("model"),
        pd.DataFrame({"label": ["window"], "n_samples": [6]}),
        {"random_state": 2},
    )
    pd.testing.assert_frame_equal(
        rows, pd.read_csv(io.StringIO(served.to_csv(index=False)))
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "missing.toml"], "No pipeline spec at missing.toml"),
        (["fit", "nope.csv", "--target", "t"], "No such file"),
        (["sample", "model-folder-that-is-not", "--n", "3", "--label", "1"], "error"),
    ],
)
def test_errors_are_one_clear_line(workdir, capsys, argv, message):
    uri = f"sqlite:///{workdir / 'mlflow.db'}"
    assert main(["--tracking-uri", uri, *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("gan-augment: error:") and "\n" not in err
    assert message in err


def test_version(capsys):
    from gan_augment import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"gan-augment {__version__}\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["--tracking-uri", "sqlite:///x.db", "-q", "run", "s.toml"],
        ["run", "s.toml", "--tracking-uri", "sqlite:///x.db", "-q"],
        ["-q", "run", "--tracking-uri", "sqlite:///x.db", "s.toml"],
    ],
)
def test_global_options_go_before_or_after_the_subcommand(argv):
    from gan_augment.cli import _parser

    args = _parser().parse_args(argv)
    assert (args.tracking_uri, args.quiet, args.pipeline) == (
        "sqlite:///x.db",
        True,
        "s.toml",
    )
    assert args.set == [] and args.verbose == 0 and not args.debug


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run"], "the following arguments are required: pipeline"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["run", "s.toml", "--sett", "a=1"], "unrecognized arguments: --sett"),
        (["run", "missing.toml"], "No pipeline spec at missing.toml"),
        (["run", "missing.toml", "--set", "cv.n_splits=3"], "No pipeline spec"),
        # The parameters are checked by the estimator itself, before the data
        # is read (there is no nope.csv).
        (
            ["fit", "nope.csv", "--target", "t", "--param", "n_steps=abc"],
            "The 'n_steps' parameter of GANAugmenter must be an int",
        ),
        (
            ["fit", "nope.csv", "--target", "t", "--param", "n_stepz=3"],
            "Invalid parameter 'n_stepz' for estimator GANAugmenter",
        ),
        (["fit", "nope.csv", "--target", "t", "--param", "n_steps"], "KEY=VALUE"),
        (
            [
                "fit",
                "nope.csv",
                "--target",
                "t",
                "--n-steps",
                "5",
                "--param",
                "n_steps=3",
            ],
            "n_steps is given twice",
        ),
        (["fit", "nope.csv", "--target", "t"], "No such file"),
    ],
)
def test_usage_errors_exit_2_with_one_line(workdir, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("gan-augment") and message in err, err


def test_runtime_failures_exit_1_and_debug_shows_the_traceback(
    workdir, capsys, monkeypatch, dataset
):
    """An MLflow server that is not there: a failure while running, not a
    usage error (exit status 1), one line unless --debug asks for more."""
    X, y = dataset("new_thyroid1")
    X.assign(target=y).to_csv("t.csv", index=False)
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_TIMEOUT", "5")
    argv = ["fit", "t.csv", "--target", "target", "--n-steps", "5", "-q"]
    argv += ["--tracking-uri", "http://127.0.0.1:9"]  # the discard port
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("gan-augment: error:") and "--debug" in err
    assert main([*argv, "--debug"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith(
        "gan-augment: error:"
    )


def test_bad_spec_is_named(workdir, capsys):
    (workdir / "bad.toml").write_text(
        textwrap.dedent("""
        [data]
        dataset = "pima"
        [[augmenters]]
        name = "gan"
        [[classifiers]]
        kind = "logreg"
    """)
    )
    assert main(["run", "bad.toml"]) == 2
    assert "every [[augmenters]] entry needs kind" in capsys.readouterr().err


_GOOD_SPEC = """
[cv]
n_splits = 2
[data]
dataset = "new_thyroid1"
[[augmenters]]
kind = "gan"
params = { n_steps = 10 }
[[classifiers]]
kind = "tree"
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("n_splits = 2", "nsplits = 2", r"unknown keys \['nsplits'\] in \[cv\]"),
        ("n_splits = 2", 'n_splits = "2"', "n_splits in \\[cv\\] must be an integer"),
        ("params = {", "param = {", r"unknown keys \['param'\] in \[\[augmenters"),
        ('kind = "gan"', 'kind = "gann"', "kind = 'gann' in \\[\\[augmenters"),
        ('kind = "gan"', 'kind = "none"', "the baseline that every gain"),
        ("n_steps = 10", "n_stepz = 10", "Invalid parameter 'n_stepz'"),
        ('kind = "gan"', 'kind = "smote"', "SMOTE takes no parameters \\['n_steps'\\]"),
        ("n_steps = 10", "n_steps = -1", "'n_steps' parameter of GANAugmenter"),
        ('kind = "tree"', 'kind = "svm"', "Unknown classifier 'svm'"),
        ('"new_thyroid1"', '"new_thyroid7"', "unknown data sets \\['new_thyroid7'\\]"),
        ("[cv]\nn_splits = 2", "cv = 5", "\\[cv\\] must be a table"),
        ("[[classifiers]]", "[classifiers]", "its own \\[\\[classifiers\\]\\] table"),
        ('kind = "tree"\n', 'kind = "tree"\n[metrics]\nscoring = "roc"\n', "'roc'"),
    ],
)
def test_a_spec_is_checked_whole_before_anything_runs(
    workdir, capsys, old, new, message
):
    assert old in _GOOD_SPEC
    (workdir / "bad.toml").write_text(_GOOD_SPEC.replace(old, new))
    assert main(["run", "bad.toml"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert re.search(message, err), err


def test_unusable_output_paths_are_one_line_before_any_work(workdir, capsys, dataset):
    X, y = dataset("new_thyroid1")
    X.assign(target=y).to_csv("t.csv", index=False)
    (workdir / "folder").mkdir()
    calls = [
        ["fit", "t.csv", "--target", "target", "--save", "t.csv"],
        ["sample", "model", "--n", "3", "--label", "1", "-o", "folder"],
        ["sample", "model", "--n", "3", "--label", "1", "-o", "nowhere/rows.csv"],
    ]
    for argv in calls:
        assert main(["-q", *argv]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_single_string_where_a_list_goes_is_one_item(workdir):
    spec = _GOOD_SPEC + '[metrics]\nscoring = "balanced_accuracy"\n'
    (workdir / "one.toml").write_text(spec.replace("dataset =", "datasets ="))
    loaded = load_spec(workdir / "one.toml")
    assert loaded.scoring == ["balanced_accuracy"]
    assert loaded.data["datasets"] == ["new_thyroid1"]


@pytest.mark.slow
def test_the_shipped_demo_pipeline_leaves_gains_and_a_challenger(workdir, capsys):
    """What `make demo` runs, in an empty folder with MLflow's embedded default."""
    from pathlib import Path

    demo = Path(__file__).resolve().parents[1] / "pipelines" / "demo.toml"
    assert main(["-q", "run", str(demo)]) == 0
    assert (workdir / "mlflow.db").is_file()
    client = mlflow.MlflowClient(f"sqlite:///{workdir / 'mlflow.db'}")
    experiment = client.get_experiment_by_name("gan-augment-demo")
    runs = client.search_runs([experiment.experiment_id])
    metrics = {key for run in runs for key in run.data.metrics}
    assert {"gain_balanced_accuracy", "gan_gain_balanced_accuracy"} <= metrics
    assert "quality_detection_auc" in metrics
    challenger = client.get_model_version_by_alias("demo-augmenter", "challenger")
    assert str(challenger.version) == "1"
    assert "balanced_accuracy" in capsys.readouterr().out


def test_the_shipped_digits_spec_runs_shrunk(workdir, capsys):
    """pipelines/digits.toml with 2 folds and short GAN training: every image
    augmenter runs, gains and image quality are logged, the GAN is registered
    with its image grid."""
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[1] / "pipelines" / "digits.toml"
    text = shipped.read_text()
    assert 'dataset = "digits_imbalanced"' in text
    text = text.replace("n_splits = 5", "n_splits = 2").replace(
        "params = { random_state = 0 }", "params = { random_state = 0, n_steps = 30 }"
    )
    text = (
        text.replace(
            'name = "ros"\nkind = "ros"\nparams = { random_state = 0, n_steps = 30 }',
            'name = "ros"\nkind = "ros"\nparams = { random_state = 0 }',
        )
        .replace(
            'kind = "albumentations"\nparams = { random_state = 0, n_steps = 30 }',
            'kind = "albumentations"\nparams = { random_state = 0 }',
        )
        .replace('model = "deform" }', 'model = "deform", n_steps = 30 }')
        .replace('model = "conv" }', 'model = "conv", n_steps = 30 }')
    )
    spec = workdir / "digits.toml"
    spec.write_text(text)
    assert main(["-q", "run", str(spec)]) == 0
    client = mlflow.MlflowClient()
    experiment = client.get_experiment_by_name("gan-augment-digits")
    runs = client.search_runs([experiment.experiment_id])
    names = {r.info.run_name for r in runs}
    assert {
        "ros+svc",
        "albumentations+logreg",
        "gan+svc",
        "gan-deform+logreg",
        "gan+albumentations+logreg",
        "gan-deform+albumentations+svc",
        "gan-deform (all data)",
    } <= names
    # The registered one is the image default, the deform GAN.
    final = next(r for r in runs if r.info.run_name == "gan-deform (all data)")
    metrics = final.data.metrics
    # Both judges read the synthetic digits: the own-images one, and one that
    # learned from the holdout only; each reads held-out real digits well.
    assert {"label_fidelity", "unseen_label_fidelity", "frechet_distance"} <= set(
        metrics
    )
    assert metrics["judge_accuracy"] > 0.8 and metrics["unseen_judge_accuracy"] > 0.8
    figures = [a.path for a in client.list_artifacts(final.info.run_id, "figures")]
    assert "figures/image_grid.png" in figures
    challenger = client.get_model_version_by_alias("digits-augmenter", "challenger")
    assert str(challenger.version) == "1"
