"""The ``gan-augment`` command.

Subcommands:

``gan-augment run PIPELINE.toml [--set KEY=VALUE ...]``
    Run a pipeline spec end to end (gain table printed, everything logged to
    MLflow, the generator fitted on all data registered); ``--set`` changes
    a value of the spec for this run (``--set cv.n_splits=3``).
``gan-augment fit DATA.csv --target COL [--param KEY=VALUE ...]``
    Fit a GANAugmenter on a CSV file and log it to MLflow (or save it to a
    folder with ``--save DIR``); ``--param`` sets any of its parameters.
``gan-augment sample MODEL_URI --n N --label L``
    Draw rows from a logged (``runs:/...``, ``models:/...``) or saved (folder)
    augmenter and write them as CSV.
``gan-augment promote NAME VERSION --reason TEXT``
    Move the ``champion`` alias of a registered generator to a version, on
    purpose, recording why and both versions' gains
    (:func:`gan_augment.mlflow.promote`).

The global options (``--tracking-uri``, ``-q``, ``-v``, ``--debug``) go before
or after the subcommand. Failures are one line on stderr (the traceback too
with ``-v`` or ``--debug``) and an exit status a script can act on: 2 for
usage errors (the command line, a spec or parameter the checks refuse, a file
or model that is not there, a missing optional package), 1 for failures while
it runs (training, MLflow), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

# Usage errors, exit status 2: the package raises ValueError / TypeError for
# bad input before any training, LookupError for a name that is not there
# (a label, a column); the file system's refusals of a path the user gave;
# ImportError for an optional package to install. Anything else is a failure
# while running (exit status 1).
_USAGE_ERRORS = (
    ValueError,
    TypeError,
    LookupError,
    ImportError,
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
)
# MLflow's answers that mean "what you named is not there / not valid".
_MLFLOW_USAGE_CODES = frozenset(
    {"RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE", "BAD_REQUEST"}
)

USAGE_ERROR = 2
RUNTIME_ERROR = 1
INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (exit status 2)."""

    def error(self, message: str):
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message} (see --help)\n")


def _global_options(defaults: bool) -> argparse.ArgumentParser:
    """The options every subcommand accepts, before or after its name.

    The subcommands' copies default to nothing (``SUPPRESS``), so that an
    option given before the subcommand is not reset by the subcommand.
    """

    def default(value):
        return value if defaults else argparse.SUPPRESS

    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--tracking-uri",
        default=default(None),
        help="MLflow tracking URI (default: MLFLOW_TRACKING_URI, else ./mlflow.db)",
    )
    options.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default(False),
        help="no progress bars, warnings only",
    )
    options.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=default(0),
        help="debug logging, and the traceback of a failure",
    )
    options.add_argument(
        "--debug",
        action="store_true",
        default=default(False),
        help="the traceback of a failure",
    )
    return options


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = _Parser(
        prog="gan-augment",
        description="Conditional-GAN oversampling with MLflow tracking.",
        parents=[_global_options(True)],
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    common = [_global_options(False)]

    run = sub.add_parser(
        "run", help="run a TOML pipeline spec end to end", parents=common
    )
    run.add_argument("pipeline", help="path to the TOML spec, e.g. pipelines/demo.toml")
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change a value of the spec, e.g. cv.n_splits=3 or "
        "augmenters.gan.n_steps=500 (repeatable; values are TOML)",
    )

    fit = sub.add_parser("fit", help="fit a GANAugmenter on a CSV file", parents=common)
    fit.add_argument("data", help="CSV file with a header row")
    fit.add_argument("--target", required=True, help="the label column")
    fit.add_argument("--n-steps", type=int, default=None, help="generator updates")
    fit.add_argument("--random-state", type=int, default=None, help="default 0")
    fit.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="any GANAugmenter parameter, e.g. batch_size=128 or "
        "sampling_strategy=0.5 (repeatable; values are TOML)",
    )
    fit.add_argument("--experiment", default="gan-augment", help="MLflow experiment")
    fit.add_argument("--register", default=None, help="registered model name")
    fit.add_argument("--save", default=None, help="save to this folder, no MLflow")

    sample = sub.add_parser(
        "sample", help="draw rows from a fitted augmenter", parents=common
    )
    sample.add_argument("model", help="runs:/..., models:/... or a saved folder")
    sample.add_argument("--n", type=int, required=True, help="rows to draw")
    sample.add_argument("--label", required=True, help="class of the rows")
    sample.add_argument("--random-state", type=int, default=None)
    sample.add_argument("--output", "-o", default="-", help="CSV file (- = stdout)")

    promote = sub.add_parser(
        "promote",
        help="make a registered version the champion, on purpose",
        parents=common,
    )
    promote.add_argument("name", help="the registered model, e.g. demo-augmenter")
    promote.add_argument("version", help="the version to promote, e.g. 3")
    promote.add_argument(
        "--reason", default=None, help="why, in words (recorded as a tag)"
    )
    promote.add_argument(
        "--metric",
        default="gain_balanced_accuracy",
        help="the gain tag of both versions to record beside the reason",
    )
    return parser


def _cmd_run(args) -> None:
    from .pipeline import format_table, run_pipeline

    table = run_pipeline(
        args.pipeline,
        overrides=args.set,
        tracking_uri=args.tracking_uri,
        verbose=0 if args.quiet else 1,
    )
    print(format_table(table))
    print(f"MLflow run {table.attrs['run_id']} in {table.attrs['tracking_uri']}")
    print("Look at it: mlflow ui --backend-store-uri <the tracking URI above>")


def _cmd_fit(args) -> None:
    from . import GANAugmenter, save_augmenter
    from .pipeline import read_csv

    # The parameters first: a typo must not wait for the data to load.
    augmenter = _augmenter_from(args, GANAugmenter)
    frame = read_csv(args.data)
    if args.target not in frame.columns:
        columns = list(frame.columns)
        raise ValueError(
            f"{args.data} has no column {args.target!r}; columns: {columns}."
        )
    X, y = frame.drop(columns=[args.target]), frame[args.target]
    if args.save:
        if Path(args.save).exists() and not Path(args.save).is_dir():
            raise ValueError(
                f"--save {args.save} is a file: give a folder (new or existing)."
            )
        augmenter.fit(X, y)
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
        augmenter.set_params(callbacks=[MlflowCallback()]).fit(X, y)
        info = log_augmenter(augmenter, registered_model_name=args.register)
    print(info.model_uri)
    if info.registered_model_version:
        print(f"models:/{args.register}/{info.registered_model_version}")


def _augmenter_from(args, estimator_class):
    """The unfitted augmenter of ``fit``'s options, checked by its own validation.

    ``--param KEY=VALUE`` reads the value as TOML (``3``, ``0.5``, ``true``,
    ``[128, 128]``, ``"text"``; bare text is text) and sets it through the
    estimator's ``set_params``, whose checks name an unknown parameter and
    the valid ones, then its parameter validation checks the values.
    """
    from .pipeline._spec import parse_value

    params = {"random_state": 0, "verbose": 0 if args.quiet else 1}
    shortcuts = {"n_steps": args.n_steps, "random_state": args.random_state}
    given = {key: value for key, value in shortcuts.items() if value is not None}
    params.update(given)
    for item in args.param:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValueError(
                f"--param {item!r} is not KEY=VALUE; write e.g. --param n_steps=500."
            )
        if key in given:
            raise ValueError(
                f"{key} is given twice (--{key.replace('_', '-')} and --param "
                f"{key}=...); give it once."
            )
        value = parse_value(text.strip())
        if key == "image_shape" and isinstance(value, list):
            value = tuple(value)  # TOML has no tuples; as in a spec's params
        params[key] = value
    augmenter = estimator_class().set_params(**params)
    augmenter._validate_params()
    return augmenter


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


def _cmd_promote(args) -> None:
    from .mlflow import promote, set_tracking_uri

    if args.tracking_uri:
        set_tracking_uri(args.tracking_uri)
    done = promote(args.name, args.version, reason=args.reason, metric=args.metric)
    was = "none" if done.previous is None else f"version {done.previous}"
    print(
        f"models:/{done.name}@champion is now version {done.version} (was {was}; "
        f"{done.metric} {done.gain} against {done.previous_gain})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gan-augment`` console script.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name; None reads ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 on success; 2 for a usage error (the command
        line, a spec or parameter the checks refuse, a file or model that is
        not there); 1 for a failure while running (training, MLflow); 130
        when interrupted. Each failure is one line on stderr, with the
        traceback before it under ``-v`` or ``--debug``.

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
    ...     status = main([*fit, "--param", "batch_size=32", "-q",
    ...                    "--save", str(tmp / "model")])
    >>> status, out.getvalue() == f"Saved augmenter to {tmp / 'model'}\\n"
    (0, True)
    >>> main(["-q", "sample", str(tmp / "model"), "--n", "3", "--label", "1",
    ...       "--random-state", "0", "--output", str(tmp / "rows.csv")])
    0
    >>> rows = pd.read_csv(tmp / "rows.csv")
    >>> rows.shape, rows["label"].tolist()
    ((3, 5), [1, 1, 1])

    A usage error is one line on stderr and exit status 2:

    >>> with contextlib.redirect_stderr(sys.stdout):
    ...     main(["-q", "sample", str(tmp / "model"), "--n", "3", "--label", "7"])
    gan-augment: error: Unknown label '7'; the augmenter knows ['0', '1'].
    2
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        # --help and --version (0), or a usage error already printed (2).
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR
    if args.verbose or args.debug:
        level = logging.DEBUG
    else:
        level = logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    commands = {
        "run": _cmd_run,
        "fit": _cmd_fit,
        "sample": _cmd_sample,
        "promote": _cmd_promote,
    }
    try:
        commands[args.command](args)
    except KeyboardInterrupt:
        print("gan-augment: interrupted", file=sys.stderr)
        return INTERRUPTED
    except Exception as exc:
        status = exit_status(exc)
        if args.verbose or args.debug:
            traceback.print_exc()
        message = _one_line(exc)
        if status == RUNTIME_ERROR:
            message = f"{type(exc).__name__}: {message}"
            if not (args.verbose or args.debug):
                message += " (--debug shows the traceback)"
        print(f"gan-augment: error: {message}", file=sys.stderr)
        return status
    return 0


def exit_status(exc: BaseException) -> int:
    """The exit status of a failure: 2 for a usage error, 1 for a runtime one.

    Examples
    --------
    >>> exit_status(ValueError("n_splits must be at least 2"))
    2
    >>> exit_status(FileNotFoundError("table.csv"))
    2
    >>> exit_status(RuntimeError("the discriminator's loss is NaN"))
    1
    >>> exit_status(ConnectionRefusedError("127.0.0.1:5000"))
    1
    """
    if type(exc).__name__ == "MlflowException":
        code = getattr(exc, "error_code", None)
        return USAGE_ERROR if code in _MLFLOW_USAGE_CODES else RUNTIME_ERROR
    return USAGE_ERROR if isinstance(exc, _USAGE_ERRORS) else RUNTIME_ERROR


def _one_line(exc: BaseException) -> str:
    """The first line of an exception's message (MLflow's own message)."""
    text = str(getattr(exc, "message", None) or exc).strip()
    return text.splitlines()[0] if text else repr(exc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
