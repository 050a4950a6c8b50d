#!/usr/bin/env bash
# Packaging check (`make dist-check`):
#   1. build the sdist and, from it, the wheel (python -m build), with no warnings;
#   2. check what they hold (metadata, license, entry point, no stray packages);
#   3. install the wheel into a fresh virtual environment (not the project's
#      .venv, no system site-packages) and smoke-test it: version, a fit and
#      fit_resample on real data, the console script;
#   4. install the sdist into the same environment and check it imports.
#
# Environment: BUILD_PYTHON (a Python with `build`, default .venv/bin/python),
# PYTHON (the base interpreter of the fresh venv, default python3), TORCH_SPEC
# (installed first, so that pip does not pull a multi-GB CUDA build where the
# CPU wheel lies on disk; default torch==2.13.0).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PYTHON=${BUILD_PYTHON:-.venv/bin/python}
PYTHON=${PYTHON:-python3}
TORCH_SPEC=${TORCH_SPEC:-torch==2.13.0}

work=$(mktemp -d "${TMPDIR:-/tmp}/gan-augment-dist.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS
step() { printf '\n== %s (%ss)\n' "$1" "$((SECONDS - started))"; }
fail() { printf 'dist-check: FAILED: %s\n' "$1" >&2; exit 1; }

version=$("$BUILD_PYTHON" -c '
try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib
with open("pyproject.toml", "rb") as handle:
    print(tomllib.load(handle)["project"]["version"])
')

step "build sdist and wheel of gan-augment $version"
"$BUILD_PYTHON" -m pip install -q "build>=1.2"
# PYTHONDONTWRITEBYTECODE makes setuptools warn that it skips byte-compiling.
env -u PYTHONDONTWRITEBYTECODE "$BUILD_PYTHON" -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 ||
    { cat "$work/build.log"; fail "python -m build"; }
if grep -qiE 'warning|deprecat' "$work/build.log"; then
    cat "$work/build.log"
    fail "the build printed warnings: $(grep -icE 'warning|deprecat' "$work/build.log") lines (log above)"
fi
tail -n 1 "$work/build.log"
sdist="$work/dist/gan_augment-$version.tar.gz"
wheel="$work/dist/gan_augment-$version-py3-none-any.whl"
[[ -f $sdist ]] || fail "no sdist $sdist: $(ls "$work/dist")"
[[ -f $wheel ]] || fail "no wheel $wheel: $(ls "$work/dist")"

step "contents of the sdist and the wheel"
"$BUILD_PYTHON" - "$sdist" "$wheel" "$version" <<'EOF'
import sys
import tarfile
import zipfile
from email.parser import Parser

sdist, wheel, version = sys.argv[1:]
root = f"gan_augment-{version}"
with tarfile.open(sdist) as tar:
    names = set(tar.getnames())
for needed in ("pyproject.toml", "README.md", "LICENSE", "PKG-INFO",
               "gan_augment/__init__.py", "gan_augment/mlflow/_pyfunc_code.py"):
    assert f"{root}/{needed}" in names, f"the sdist lacks {needed}"

with zipfile.ZipFile(wheel) as whl:
    names = set(whl.namelist())
    info = f"gan_augment-{version}.dist-info"
    meta = Parser().parsestr(whl.read(f"{info}/METADATA").decode())
    entry_points = whl.read(f"{info}/entry_points.txt").decode()
top = {name.split("/")[0] for name in names}
assert top == {"gan_augment", info}, f"unexpected top-level entries {sorted(top)}"
for needed in ("gan_augment/mlflow/_pyfunc_code.py", "gan_augment/nn/__init__.py",
               "gan_augment/metrics/__init__.py", "gan_augment/pipeline/__init__.py",
               f"{info}/licenses/LICENSE"):
    assert needed in names, f"the wheel lacks {needed}"
assert "gan-augment = gan_augment.cli:main" in entry_points, entry_points
assert meta["Name"] == "gan-augment" and meta["Version"] == version, meta["Version"]
assert meta["License-Expression"] == "MIT", meta["License-Expression"]
assert meta["Requires-Python"], "no Requires-Python"
urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
for label in ("Homepage", "Documentation", "Source", "Changelog", "Issues"):
    assert label in urls, f"no {label} URL in {sorted(urls)}"
assert meta["Description-Content-Type"] == "text/markdown"
print(f"ok: {meta['Name']} {meta['Version']}, license {meta['License-Expression']}, "
      f"{len(names)} files in the wheel, {len(urls)} project URLs")
EOF

step "fresh virtual environment: $TORCH_SPEC, then the wheel"
"$PYTHON" -m venv "$work/venv"
vpy="$work/venv/bin/python"
"$vpy" -m pip install -q --upgrade pip
"$vpy" -m pip install -q "$TORCH_SPEC" ||
    echo "note: $TORCH_SPEC not available here; pip resolves torch from the wheel's metadata"
"$vpy" -m pip install -q "$wheel"

step "smoke test of the installed wheel"
(
    cd "$work" # not the checkout: import the installed package, not ./gan_augment
    "$vpy" - "$version" <<'EOF'
import sys
from collections import Counter

import numpy as np
from sklearn.datasets import load_breast_cancer

import gan_augment
from gan_augment import GANAugmenter

version = sys.argv[1]
assert gan_augment.__version__ == version, (gan_augment.__version__, version)
assert "site-packages" in gan_augment.__file__, gan_augment.__file__
assert "mlflow" not in sys.modules, "import gan_augment must not import mlflow"

X, y = load_breast_cancer(return_X_y=True)
keep = np.r_[np.flatnonzero(y == 1), np.flatnonzero(y == 0)[:40]]  # 357 vs 40
X, y = X[keep], y[keep]
X_res, y_res = GANAugmenter(n_steps=50, random_state=0).fit_resample(X, y)
counts = Counter(y_res.tolist())
assert counts == {0: 357, 1: 357}, counts
assert np.array_equal(X_res[: len(X)], X), "original rows must come first"
print(f"gan_augment {gan_augment.__version__} from {gan_augment.__file__}")
print(f"fit_resample: {dict(Counter(y.tolist()))} -> {dict(counts)}")
EOF
    "$work/venv/bin/gan-augment" --help >"$work/help.txt"
    grep -q "usage: gan-augment" "$work/help.txt" || { cat "$work/help.txt"; exit 1; }
    echo "gan-augment --help: ok"
) || fail "smoke test of the wheel"

step "the sdist installs (built in isolation) and imports"
"$vpy" -m pip install -q --no-deps --force-reinstall "$sdist"
(
    cd "$work"
    "$vpy" -c "import gan_augment, sys; assert gan_augment.__version__ == sys.argv[1]; print('sdist install: gan_augment', gan_augment.__version__)" "$version"
) || fail "sdist install"

step "dist-check passed"
