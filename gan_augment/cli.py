"""The ``gan-augment`` command.

Subcommands:

``gan-augment run PIPELINE.toml``
    Run a pipeline spec end to end (gain table printed, everything logged to
    MLflow, the generator fitted on all data registered).
``gan-augment fit DATA.csv --target COL``
    Fit a GANAugmenter on a CSV file and log it to MLflow (or save it to a
    folder with ``--save DIR``).
``gan-augment sample MODEL_URI --n N --label L``
    Draw rows from a logged (``runs:/...``, ``models:/...``) or saved (folder)
    augmenter and write them as CSV.

Errors are reported as one line on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

# OSError covers the file system's refusals (a directory, a missing folder,
# an existing --save path, no permission): one line, like the other errors.
_EXPECTED_ERRORS = (ValueError, TypeError, OSError, KeyError, ImportError)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gan-augment",
        description="Conditional-GAN oversampling with MLflow tracking.",
    )
    parser.add_argument(
        "--tracking-uri", help="MLflow tracking URI (default: MLflow's)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run a TOML pipeline spec end to end")
    run.add_argument("pipeline", help="path to the TOML spec, e.g. pipelines/demo.toml")

    fit = sub.add_parser("fit", help="fit a GANAugmenter on a CSV file")
    fit.add_argument("data", help="CSV file with a header row")
    fit.add_argument("--target", required=True, help="the label column")
    fit.add_argument("--n-steps", type=int, default=None, help="generator updates")
    fit.add_argument("--random-state", type=int, default=0)
    fit.add_argument("--experiment", default="gan-augment", help="MLflow experiment")
    fit.add_argument("--register", default=None, help="registered model name")
    fit.add_argument("--save", default=None, help="save to this folder, no MLflow")

    sample = sub.add_parser("sample", help="draw rows from a fitted augmenter")
    sample.add_argument("model", help="runs:/..., models:/... or a saved folder")
    sample.add_argument("--n", type=int, required=True, help="rows to draw")
    sample.add_argument("--label", required=True, help="class of the rows")
    sample.add_argument("--random-state", type=int, default=None)
    sample.add_argument("--output", "-o", default="-", help="CSV file (- = stdout)")
    return parser


def _cmd_run(args) -> None:
    from .pipeline import format_table, run_pipeline

    table = run_pipeline(
        args.pipeline, tracking_uri=args.tracking_uri, verbose=0 if args.quiet else 1
    )
    print(format_table(table))
    print(f"MLflow run {table.attrs['run_id']} in {table.attrs['tracking_uri']}")
    print("Look at it: mlflow ui --backend-store-uri <the tracking URI above>")


def _cmd_fit(args) -> None:
    from . import GANAugmenter, save_augmenter
    from .pipeline import read_csv

    frame = read_csv(args.data)
    if args.target not in frame.columns:
        columns = list(frame.columns)
        raise ValueError(
            f"{args.data} has no column {args.target!r}; columns: {columns}."
        )
    X, y = frame.drop(columns=[args.target]), frame[args.target]
    params = {"random_state": args.random_state, "verbose": 0 if args.quiet else 1}
    if args.n_steps is not None:
        params["n_steps"] = args.n_steps
    if args.save:
        if Path(args.save).exists() and not Path(args.save).is_dir():
            raise ValueError(
                f"--save {args.save} is a file: give a folder (new or existing)."
            )
        augmenter = GANAugmenter(**params).fit(X, y)
        folder = save_augmenter(augmenter, args.save)
        print(f"Saved augmenter to {folder}")
        return
    from .mlflow import (
        MlflowCallback,
        log_augmenter,
        set_experiment,
        set_tracking_uri,
        start_run,
    )

    if args.tracking_uri:
        set_tracking_uri(args.tracking_uri)
    set_experiment(args.experiment)
    with start_run(run_name=f"fit {Path(args.data).name}"):
        augmenter = GANAugmenter(callbacks=[MlflowCallback()], **params).fit(X, y)
        info = log_augmenter(augmenter, registered_model_name=args.register)
    print(info.model_uri)
    if info.registered_model_version:
        print(f"models:/{args.register}/{info.registered_model_version}")


def _check_writable(path: Path) -> None:
    """Refuse an output path that cannot take a file, before any work."""
    if path.is_dir():
        raise ValueError(f"-o {path} is a folder: give a file name, e.g. rows.csv.")
    if not path.parent.is_dir():
        raise ValueError(
            f"-o {path}: the folder {path.parent} does not exist; create it first."
        )


def _cmd_sample(args) -> None:
    from ._labels import class_from_text
    from .mlflow._frame import sample_frame

    if Path(args.model).is_dir():
        # A saved folder: drawing from it must not need MLflow.
        from . import load_augmenter
    else:
        from .mlflow import load_augmenter, set_tracking_uri

        if args.tracking_uri:
            set_tracking_uri(args.tracking_uri)
    if args.output != "-":
        _check_writable(Path(args.output))
    augmenter = load_augmenter(args.model)
    label = class_from_text(args.label, augmenter.classes_)
    if args.n < 0:
        raise ValueError(f"--n must be a non-negative number of rows; got {args.n}.")
    frame = sample_frame(augmenter, {label: args.n}, random_state=args.random_state)
    frame.to_csv(sys.stdout if args.output == "-" else args.output, index=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gan-augment`` console script.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name; None reads ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 on success, 2 when the command failed on an
        expected error (reported as one line on stderr).

    See Also
    --------
    gan_augment.pipeline.run_pipeline : What ``gan-augment run`` calls.

    Examples
    --------
    Fit on a CSV file and save the augmenter to a folder (no MLflow), then
    draw rows of class 1 from it:

    >>> import contextlib
    >>> import io
    >>> import sys
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment.cli import main
    >>> tmp = Path(tempfile.mkdtemp())
    >>> X, y = make_classification(
    ...     n_samples=200, n_features=4, weights=[0.8], random_state=0
    ... )
    >>> table = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(label=y)
    >>> table.to_csv(tmp / "table.csv", index=False)
    >>> fit = ["fit", str(tmp / "table.csv"), "--target", "label", "--n-steps", "30"]
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["-q", *fit, "--save", str(tmp / "model")])
    >>> status, out.getvalue() == f"Saved augmenter to {tmp / 'model'}\\n"
    (0, True)
    >>> main(["-q", "sample", str(tmp / "model"), "--n", "3", "--label", "1",
    ...       "--random-state", "0", "--output", str(tmp / "rows.csv")])
    0
    >>> rows = pd.read_csv(tmp / "rows.csv")
    >>> rows.shape, rows["label"].tolist()
    ((3, 5), [1, 1, 1])

    An expected error is one line on stderr and exit status 2:

    >>> with contextlib.redirect_stderr(sys.stdout):
    ...     main(["-q", "sample", str(tmp / "model"), "--n", "3", "--label", "7"])
    gan-augment: error: Unknown label '7'; the augmenter knows ['0', '1'].
    2
    """
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    commands = {"run": _cmd_run, "fit": _cmd_fit, "sample": _cmd_sample}
    try:
        commands[args.command](args)
    except _EXPECTED_ERRORS as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        print(f"gan-augment: error: {message}", file=sys.stderr)
        return 2
    except Exception as exc:
        if type(exc).__name__ != "MlflowException":
            raise
        print(f"gan-augment: error: {exc.message.splitlines()[0]}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
