"""Sphinx configuration of the gan-augment documentation.

Build it with ``make docs`` (warnings are errors); the site lands in
``docs/_build/html``.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The package is installed in editable mode by `make docs`; the path is a
# fallback for a bare `sphinx-build docs docs/_build/html` from a checkout.
sys.path.insert(0, str(ROOT))
# gallery_scrapers.py, named by import path in sphinx_gallery_conf below.
sys.path.insert(0, str(HERE))
os.environ.setdefault("MPLBACKEND", "Agg")
# The gallery captures what the examples print: no download progress bars.
os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")

import gan_augment  # noqa: E402

# -- Project -----------------------------------------------------------------
project = "gan-augment"
author = "gan-augment developers"
copyright = "2026, gan-augment developers"
release = gan_augment.__version__
version = ".".join(release.split(".")[:2])

# -- General -----------------------------------------------------------------
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "examples",  # sphinx-gallery sources; the pages are built in auto_examples
    "benchmark_results",
    "Thumbs.db",
    ".DS_Store",
    # sphinx-gallery writes these next to the generated pages
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
    "auto_examples/*.md5",
    "auto_examples/*.json",
]
default_role = "literal"

# -- MyST (the Markdown pages: user guide, benchmarks, tuning) ---------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# -- autodoc / autosummary / numpydoc ------------------------------------------
autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"  # numpydoc sections carry the types
autoclass_content = "class"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = True
# Only the words below become links in a type field ("int, default=0", "DataFrame
# of shape (n, m)"); the rest (shapes, "or", "default") stays text. Dotted names
# are listed too: with "all", numpydoc links no name it was not told about.
numpydoc_xref_ignore = "all"
numpydoc_xref_aliases = {
    # Python: numpydoc's default for bool is a label that moved between Python
    # versions; the class page does not.
    "bool": ":class:`python:bool`",
    "mapping": ":term:`python:mapping`",
    "path-like": ":term:`path-like <python:path-like object>`",
    "type": ":class:`python:type`",
    "object": ":class:`python:object`",
    # scikit-learn's words for its conventions
    "array-like": ":term:`array-like <sklearn:array-like>`",
    "classifier": ":term:`classifier <sklearn:classifier>`",
    "estimator": ":term:`estimator <sklearn:estimator>`",
    # pandas, PyTorch
    "DataFrame": "pandas.DataFrame",
    "Series": "pandas.Series",
    "pandas.DataFrame": "pandas.DataFrame",
    "pandas.Series": "pandas.Series",
    "Tensor": "torch.Tensor",
    "torch.Tensor": "torch.Tensor",
    "torch.device": "torch.device",
    "torch.Generator": "torch.Generator",
    "nn.Module": "torch.nn.Module",
    "torch.nn.Module": "torch.nn.Module",
    # this package
    **{
        name: f"gan_augment.{name}"
        for name in (
            "GANAugmenter",
            "AlbumentationsAugmenter",
            "AugmentedClassifier",
            "SamplerChain",
            "PartialBalance",
            "TabularEncoder",
        )
    },
    **{
        name: f"gan_augment.metrics.{name}"
        for name in ("GainResult", "Comparison", "QualityReport", "Recommendation")
    },
    "ImageQualityReport": "gan_augment.image_metrics.ImageQualityReport",
    "PipelineSpec": "gan_augment.pipeline.PipelineSpec",
}

# -- intersphinx ----------------------------------------------------------------
# Names of scikit-learn, imbalanced-learn, MLflow, PyTorch, albumentations and
# the rest link to those projects' sites, in the API pages, the guide and the
# examples' code. The inventories are read offline: the docs are built where
# only package registries can be reached (CI, the development machines), so
# Sphinx cannot download the projects' objects.inv. docs/_inventories holds
# small ones instead, written by tools/make_inventories.py from the names these
# pages use (each checked to import from the installed package, each at the
# address its project's documentation gives it); add a name there when a page
# starts to use one. The links point to the live sites.
_INVENTORY_URLS = {
    "python": "https://docs.python.org/3/",
    "numpy": "https://numpy.org/doc/stable/",
    "scipy": "https://docs.scipy.org/doc/scipy/",
    "pandas": "https://pandas.pydata.org/docs/",
    "joblib": "https://joblib.readthedocs.io/en/stable/",
    "sklearn": "https://scikit-learn.org/stable/",
    "imblearn": "https://imbalanced-learn.org/stable/",
    "mlflow": "https://mlflow.org/docs/latest/api_reference/",
    "torch": "https://docs.pytorch.org/docs/stable/",
    "albumentations": "https://albumentations.ai/docs/",
}
intersphinx_mapping = {
    key: (url, f"_inventories/{key}.inv") for key, url in _INVENTORY_URLS.items()
}

# -- sphinx-gallery -------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": ["examples"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("gan_augment",),
    "backreferences_dir": "gen_modules/backreferences",
    "remove_config_comments": True,
    "abort_on_example_error": False,
    "show_memory": False,
    "min_reported_time": 0,
    "matplotlib_animations": False,
    "reset_modules": ("matplotlib",),
    # gan_augment.plotting's figures are built outside pyplot: a second
    # scraper saves them (docs/gallery_scrapers.py).
    "image_scrapers": ("matplotlib", "gallery_scrapers.detached_figures"),
    "download_all_examples": False,
}

# -- HTML ----------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"gan-augment {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_show_sourcelink = False
html_theme_options = {
    "github_url": "https://github.com/gan-augment/gan-augment",
    "navbar_align": "left",
    "header_links_before_dropdown": 6,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc", "sg_download_links", "sg_launcher_links"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_context = {"default_mode": "light"}

# Third-party deprecation chatter is not a documentation problem; the build
# fails on Sphinx warnings only.
warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", category=FutureWarning, module="mlflow")
