"""Write the offline intersphinx inventories of ``docs/_inventories``.

``make docs`` runs where only package registries can be reached (CI and the
development machines), so Sphinx cannot download the ``objects.inv`` of
scikit-learn, imbalanced-learn, MLflow, PyTorch, albumentations, pandas, NumPy,
SciPy, joblib and Python. This script writes small ones instead, in Sphinx's
inventory format version 2 (four header lines, then zlib-compressed lines
``name domain:role priority uri display-name``), holding the names that the
documentation and the package's docstrings refer to:

* every name must import from the installed package (a renamed or removed name
  fails here, not as a dead link); its role (module, class, exception, function,
  method, attribute, data) is read off the imported object;
* its address follows the project's own documentation layout, e.g.
  ``modules/generated/sklearn.model_selection.GridSearchCV.html#sklearn.model_selection.GridSearchCV``
  under ``https://scikit-learn.org/stable/``;
* the glossary terms and labels that numpydoc's type links use (``array-like``,
  ``sequence``...) are listed with their addresses by hand.

Usage, from the repository root::

    .venv/bin/python tools/make_inventories.py          # write docs/_inventories
    .venv/bin/python tools/make_inventories.py --check  # exit 1 if out of date

Add a name to ``NAMES`` when the docs start to refer to it; ``--check`` (and
``tests/test_readme.py``) compares the files with what this script would write.
The files hold no package versions, so a newer scikit-learn does not make them
stale unless it moves a name.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
import types
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parents[1] / "docs" / "_inventories"

#: The names each project's inventory holds, by intersphinx key. Each must
#: import from the installed package.
NAMES: dict[str, tuple[str, ...]] = {
    "sklearn": (
        "sklearn.base.BaseEstimator",
        "sklearn.base.ClassifierMixin",
        "sklearn.base.clone",
        "sklearn.calibration.CalibratedClassifierCV",
        "sklearn.compose.ColumnTransformer",
        "sklearn.compose.make_column_transformer",
        "sklearn.datasets.load_breast_cancer",
        "sklearn.datasets.load_digits",
        "sklearn.datasets.load_iris",
        "sklearn.datasets.load_wine",
        "sklearn.datasets.make_classification",
        "sklearn.ensemble.HistGradientBoostingClassifier",
        "sklearn.ensemble.RandomForestClassifier",
        "sklearn.exceptions.NotFittedError",
        "sklearn.impute.SimpleImputer",
        "sklearn.linear_model.LogisticRegression",
        "sklearn.metrics.average_precision_score",
        "sklearn.metrics.balanced_accuracy_score",
        "sklearn.metrics.f1_score",
        "sklearn.metrics.roc_auc_score",
        "sklearn.model_selection",
        "sklearn.model_selection.GridSearchCV",
        "sklearn.model_selection.RepeatedStratifiedKFold",
        "sklearn.model_selection.StratifiedKFold",
        "sklearn.model_selection.TunedThresholdClassifierCV",
        "sklearn.model_selection.check_cv",
        "sklearn.model_selection.cross_val_score",
        "sklearn.model_selection.cross_validate",
        "sklearn.model_selection.train_test_split",
        "sklearn.neighbors.KNeighborsClassifier",
        "sklearn.pipeline",
        "sklearn.pipeline.Pipeline",
        "sklearn.pipeline.Pipeline.fit",
        "sklearn.pipeline.Pipeline.predict",
        "sklearn.pipeline.make_pipeline",
        "sklearn.preprocessing.OneHotEncoder",
        "sklearn.preprocessing.StandardScaler",
        "sklearn.set_config",
        "sklearn.svm.SVC",
        "sklearn.tree.DecisionTreeClassifier",
        "sklearn.utils.check_random_state",
        "sklearn.utils.estimator_checks.check_estimator",
        "sklearn.utils.estimator_checks.parametrize_with_checks",
    ),
    "imblearn": (
        "imblearn.over_sampling.RandomOverSampler",
        "imblearn.over_sampling.SMOTE",
        "imblearn.over_sampling.SMOTEN",
        "imblearn.over_sampling.SMOTENC",
        "imblearn.pipeline.Pipeline",
        "imblearn.pipeline.make_pipeline",
        "imblearn.utils.estimator_checks.parametrize_with_checks",
    ),
    "mlflow": (
        "mlflow",
        "mlflow.ActiveRun",
        "mlflow.MlflowClient",
        "mlflow.MlflowClient.get_metric_history",
        "mlflow.MlflowClient.get_model_version_by_alias",
        "mlflow.MlflowClient.get_run",
        "mlflow.MlflowClient.list_artifacts",
        "mlflow.MlflowClient.log_batch",
        "mlflow.MlflowClient.set_registered_model_alias",
        "mlflow.active_run",
        "mlflow.artifacts.download_artifacts",
        "mlflow.autolog",
        "mlflow.create_experiment",
        "mlflow.end_run",
        "mlflow.entities.Experiment",
        "mlflow.entities.Run",
        "mlflow.get_run",
        "mlflow.get_tracking_uri",
        "mlflow.log_artifact",
        "mlflow.log_figure",
        "mlflow.log_metric",
        "mlflow.log_metrics",
        "mlflow.log_param",
        "mlflow.log_params",
        "mlflow.log_table",
        "mlflow.log_text",
        "mlflow.models.model.ModelInfo",
        "mlflow.pyfunc",
        "mlflow.pyfunc.PyFuncModel",
        "mlflow.pyfunc.PyFuncModel.predict",
        "mlflow.pyfunc.PythonModel",
        "mlflow.pyfunc.load_model",
        "mlflow.pyfunc.log_model",
        "mlflow.search_runs",
        "mlflow.set_experiment",
        "mlflow.set_tracking_uri",
        "mlflow.sklearn.autolog",
        "mlflow.start_run",
    ),
    "torch": (
        "torch.Generator",
        "torch.Tensor",
        "torch.accelerator",
        "torch.accelerator.current_accelerator",
        "torch.cuda.is_available",
        "torch.device",
        "torch.dtype",
        "torch.get_num_threads",
        "torch.manual_seed",
        "torch.nn",
        "torch.nn.Module",
        "torch.nn.functional.gumbel_softmax",
        "torch.no_grad",
        "torch.optim.Adam",
        "torch.set_num_threads",
    ),
    "albumentations": (
        "albumentations.Affine",
        "albumentations.BasicTransform",
        "albumentations.Compose",
        "albumentations.from_dict",
        "albumentations.to_dict",
    ),
    "pandas": (
        "pandas.CategoricalDtype",
        "pandas.DataFrame",
        "pandas.DataFrame.drop",
        "pandas.DataFrame.dtypes",
        "pandas.DataFrame.equals",
        "pandas.DataFrame.head",
        "pandas.DataFrame.iloc",
        "pandas.DataFrame.loc",
        "pandas.DataFrame.reset_index",
        "pandas.DataFrame.round",
        "pandas.Series",
        "pandas.Series.value_counts",
        "pandas.cut",
        "pandas.read_csv",
    ),
    "numpy": (
        "numpy.bincount",
        "numpy.dtype",
        "numpy.inf",
        "numpy.nan",
        "numpy.ndarray",
        "numpy.random.Generator",
        "numpy.random.RandomState",
        "numpy.random.default_rng",
    ),
    "scipy": (
        "scipy.stats.friedmanchisquare",
        "scipy.stats.ks_2samp",
        "scipy.stats.ttest_1samp",
        "scipy.stats.wilcoxon",
    ),
    "joblib": (
        "joblib.Parallel",
        "joblib.parallel_config",
    ),
    "python": (
        "bool",
        "callable",
        "dict",
        "float",
        "int",
        "list",
        "object",
        "str",
        "tuple",
        "type",
        "ImportError",
        "KeyError",
        "RuntimeError",
        "TypeError",
        "ValueError",
        "collections.abc.Mapping",
        "collections.abc.Sequence",
        "logging",
        "logging.Logger",
        "os.PathLike",
        "pathlib.Path",
        "shutil.rmtree",
        "tempfile.mkdtemp",
    ),
}


@dataclass(frozen=True)
class Entry:
    """One inventory line: ``name domain:role priority uri display-name``."""

    name: str
    role: str
    uri: str
    display: str = "-"

    def line(self) -> str:
        # Priority 1 is Sphinx's "normal" for objects; -1 hides an entry from
        # searches, which the labels and terms below do not need either way.
        return f"{self.name} {self.role} 1 {self.uri} {self.display}\n"


@dataclass(frozen=True)
class Project:
    """How one project's documentation lays out its pages."""

    key: str
    title: str
    base_url: str
    page: Callable[[str, str, object], str]
    #: Names whose address does not follow ``page``: {name: uri}.
    overrides: dict[str, str] = field(default_factory=dict)
    #: Glossary terms and labels, with their addresses.
    extra: tuple[Entry, ...] = ()


def _parent(name: str) -> str:
    return name.rsplit(".", 1)[0]


def _generated(prefix: str, members_on_class_page: bool) -> Callable:
    """Pages named after the object, as autosummary makes them."""

    def page(name: str, role: str, obj: object) -> str:
        if role == "py:module":
            raise ValueError(f"give the module page of {name} in overrides")
        owner = name
        if members_on_class_page and role in ("py:method", "py:attribute"):
            owner = _parent(name)
        return f"{prefix}{owner}.html#{name}"

    return page


def _sklearn_page(name: str, role: str, obj: object) -> str:
    if role == "py:module":
        # The API reference's page per module (scikit-learn >= 1.6).
        return f"api/{name}.html#module-{name}"
    return _generated("modules/generated/", True)(name, role, obj)


#: Names MLflow re-exports at the top level but documents where they are defined.
_MLFLOW_DOCUMENTED_AS = {"mlflow.MlflowClient": "mlflow.client.MlflowClient"}


def _mlflow_page(name: str, role: str, obj: object) -> str:
    # One page per public module, the objects as anchors on it.
    if role == "py:module":
        return f"python_api/{name}.html#module-{name}"
    for alias, documented in _MLFLOW_DOCUMENTED_AS.items():
        if name == alias or name.startswith(alias + "."):
            name = documented + name[len(alias) :]
    return f"python_api/{_documented_module(name)}.html#{name}"


def _documented_module(name: str) -> str:
    """The longest prefix of ``name`` that is a module."""
    parts = name.split(".")
    for stop in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:stop])
        try:
            importlib.import_module(candidate)
        except ImportError:
            continue
        return candidate
    raise ValueError(f"{name} is not inside a module")


def _albumentations_page(name: str, role: str, obj: object) -> str:
    # A page per defining module, e.g. api-reference/albumentations/core/
    # composition#Compose: the public alias albumentations.Compose is
    # documented where the class is defined.
    if role == "py:module":
        return "api-reference/" + name.replace(".", "/")
    module = inspect.getmodule(obj).__name__
    return "api-reference/" + module.replace(".", "/") + "#" + name.rsplit(".")[-1]


def _python_page(name: str, role: str, obj: object) -> str:
    builtin_pages = {
        "bool": "library/functions.html#bool",
        "callable": "library/functions.html#callable",
        "float": "library/functions.html#float",
        "int": "library/functions.html#int",
        "object": "library/functions.html#object",
        "type": "library/functions.html#type",
        "dict": "library/stdtypes.html#dict",
        "list": "library/stdtypes.html#list",
        "str": "library/stdtypes.html#str",
        "tuple": "library/stdtypes.html#tuple",
    }
    if name in builtin_pages:
        return builtin_pages[name]
    if role == "py:exception" and "." not in name:
        return f"library/exceptions.html#{name}"
    if role == "py:module":
        return f"library/{name}.html#module-{name}"
    return f"library/{_documented_module(name)}.html#{name}"


def _term(name: str, uri: str) -> Entry:
    return Entry(name, "std:term", uri)


PROJECTS: tuple[Project, ...] = (
    Project(
        "sklearn",
        "scikit-learn",
        "https://scikit-learn.org/stable/",
        _sklearn_page,
        extra=(
            _term("array-like", "glossary.html#term-array-like"),
            _term("classifier", "glossary.html#term-classifier"),
            _term("estimator", "glossary.html#term-estimator"),
            _term("n_jobs", "glossary.html#term-n_jobs"),
            _term("random_state", "glossary.html#term-random_state"),
            _term("sample_weight", "glossary.html#term-sample_weight"),
            Entry(
                "metadata_routing",
                "std:doc",
                "metadata_routing.html",
                "Metadata Routing",
            ),
        ),
    ),
    Project(
        "imblearn",
        "imbalanced-learn",
        "https://imbalanced-learn.org/stable/",
        _generated("references/generated/", True),
    ),
    Project(
        "mlflow",
        "MLflow",
        "https://mlflow.org/docs/latest/api_reference/",
        _mlflow_page,
        overrides={
            "mlflow.models.model.ModelInfo": (
                "python_api/mlflow.models.html#mlflow.models.model.ModelInfo"
            ),
        },
    ),
    Project(
        "torch",
        "PyTorch",
        "https://docs.pytorch.org/docs/stable/",
        _generated("generated/", True),
        overrides={
            "torch.Tensor": "tensors.html#torch.Tensor",
            "torch.device": "tensor_attributes.html#torch.device",
            "torch.dtype": "tensor_attributes.html#torch.dtype",
            "torch.nn": "nn.html#module-torch.nn",
            "torch.accelerator": "accelerator.html#module-torch.accelerator",
        },
    ),
    Project(
        "albumentations",
        "Albumentations",
        "https://albumentations.ai/docs/",
        _albumentations_page,
    ),
    Project(
        "pandas",
        "pandas",
        "https://pandas.pydata.org/docs/",
        # pandas gives every method and attribute its own page.
        _generated("reference/api/", False),
    ),
    Project(
        "numpy",
        "NumPy",
        "https://numpy.org/doc/stable/",
        _generated("reference/generated/", False),
        overrides={
            "numpy.inf": "reference/constants.html#numpy.inf",
            "numpy.nan": "reference/constants.html#numpy.nan",
            "numpy.random.Generator": (
                "reference/random/generator.html#numpy.random.Generator"
            ),
            "numpy.random.RandomState": (
                "reference/random/legacy.html#numpy.random.RandomState"
            ),
            "numpy.random.default_rng": (
                "reference/random/generator.html#numpy.random.default_rng"
            ),
        },
        extra=(_term("array_like", "glossary.html#term-array_like"),),
    ),
    Project(
        "scipy",
        "SciPy",
        "https://docs.scipy.org/doc/scipy/",
        _generated("reference/generated/", False),
    ),
    Project(
        "joblib",
        "joblib",
        "https://joblib.readthedocs.io/en/stable/",
        _generated("generated/", True),
    ),
    Project(
        "python",
        "Python",
        "https://docs.python.org/3/",
        _python_page,
        overrides={
            "collections.abc.Mapping": (
                "library/collections.abc.html#collections.abc.Mapping"
            ),
            "collections.abc.Sequence": (
                "library/collections.abc.html#collections.abc.Sequence"
            ),
        },
        extra=(
            # The terms numpydoc's default type links point to.
            _term("iterable", "glossary.html#term-iterable"),
            _term("mapping", "glossary.html#term-mapping"),
            _term("path-like object", "glossary.html#term-path-like-object"),
            _term("sequence", "glossary.html#term-sequence"),
            _term("generator", "glossary.html#term-generator"),
            Entry("None", "py:data", "library/constants.html#None"),
            Entry("True", "py:data", "library/constants.html#True"),
            Entry("False", "py:data", "library/constants.html#False"),
        ),
    ),
)


def resolve(name: str) -> tuple[object, object | None]:
    """Import ``name``; return the object and the object it is an attribute of.

    Raises
    ------
    LookupError
        If no prefix of ``name`` imports or an attribute is missing.
    """
    import builtins

    if "." not in name and hasattr(builtins, name):
        return getattr(builtins, name), None
    parts = name.split(".")
    for stop in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:stop]))
        except ImportError:
            continue
        parent: object | None = None
        for attr in parts[stop:]:
            parent = obj
            try:
                obj = getattr(obj, attr)
            except AttributeError:
                raise LookupError(
                    f"{name}: {'.'.join(parts[:stop])} has no {attr!r} in the "
                    "installed version; fix the name in NAMES"
                ) from None
        return obj, parent
    raise LookupError(f"{name}: no part of it imports; fix the name in NAMES")


def role_of(obj: object, parent: object | None) -> str:
    """The Sphinx Python-domain role of an imported object."""
    if isinstance(obj, types.ModuleType):
        return "py:module"
    if isinstance(obj, type):
        return "py:exception" if issubclass(obj, BaseException) else "py:class"
    if isinstance(parent, type):
        if inspect.isroutine(obj):
            return "py:method"
        return "py:attribute"
    if callable(obj):
        return "py:function"
    return "py:data"


def entries(project: Project) -> list[Entry]:
    """Every inventory line of one project, sorted as Sphinx writes them."""
    out = list(project.extra)
    for name in NAMES[project.key]:
        obj, parent = resolve(name)
        role = role_of(obj, parent)
        uri = project.overrides.get(name) or project.page(name, role, obj)
        out.append(Entry(name, role, uri))
    return sorted(out, key=lambda e: (e.role, e.name))


def render(project: Project) -> bytes:
    """The inventory file of one project, in Sphinx's format version 2."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project.title}\n"
        # No version: the names are those of the documentation's stable pages.
        "# Version: stable\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    body = "".join(entry.line() for entry in entries(project))
    return header.encode() + zlib.compress(body.encode(), 9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a file differs from what would be written",
    )
    args = parser.parse_args(argv)
    stale = []
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for project in PROJECTS:
        path = OUT_DIR / f"{project.key}.inv"
        data = render(project)
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(path)
            continue
        path.write_bytes(data)
        print(f"{path}: {len(NAMES[project.key]) + len(project.extra)} entries")
    if stale:
        print(
            "out of date (run tools/make_inventories.py): "
            + ", ".join(str(p) for p in stale),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
