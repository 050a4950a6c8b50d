"""Benchmark harness of the anchored-interpolation study (issue 21).

A frozen copy of the benchmark protocol of commit 2b85f21 (``benchmarks/benchmark.py``
then): repeated stratified 5-fold x 2, seed 0; augmenter on the training fold only;
classifiers logreg (scaled), tree (max_depth=5), knn (5, scaled), hgb; metrics balanced
accuracy, minority F1, ROC AUC, average precision. The data sets and suites come from
``gan_augment.datasets``; the classifier roster and the encoded-space samplers are kept
here as they were when the results were produced, so that a rerun reproduces them.

usage, from the repository root::

    python -m experiments.anchored_interpolation.harness SUITE METHOD [METHOD ...]

SUITE is ``dev`` or ``holdout``; METHOD is a baseline (none cw tt ros smote smote_k
polyfit prowsyn smoteipf), a key of ``variants.json``, or KEY+tt; ``gan``, ``gan_bt``
(round 2) and ``gan_tr`` (round 3) run ``GANAugmenter()``; round 3 adds the suffixes
KEY_cva (the share of the gap chosen by inner-fold balanced accuracy), KEY_ipf
(SMOTE-IPF's filter after KEY's rows) and KEY_avg5 (a classifier per draw over 5 draws,
averaged; KEY may also be ``smote_k``); round 4 adds KEY_nf (the product's neighbour
screen on KEY's rows), ``gan_nf`` and ``gan_aux3`` (``GAN_PARAMS``); round 5 adds
``gan_in``, ``gan_cc``, ``gan_in_cc`` and ``gan_all_cc`` (``ROUND5``, ``gan_round5.py``)
and ``gan_ms`` (``GAN_PARAMS``). Writes
``results/<suite>__<method>.csv.gz`` next to this file and skips files that exist;
with ``STUDY_ORDER=shuffled`` (round 4, part B) every classifier is fitted on its rows
in a random order seeded by the fold index, written to ``results_shuffled/``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    roc_auc_score,
)
from sklearn.model_selection import RepeatedStratifiedKFold, TunedThresholdClassifierCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline as SkPipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from gan_augment.datasets import DEVELOPMENT_SUITE, HOLDOUT_SUITE, load_dataset

from .summarize import RESULTS, SHUFFLED

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSIFIERS = ("logreg", "tree", "knn", "hgb")
METRICS = ("balanced_accuracy", "minority_f1", "roc_auc", "average_precision")
_SCALED = frozenset({"logreg", "knn"})
logging.getLogger("smote_variants").setLevel(logging.ERROR)


def suites():
    return list(DEVELOPMENT_SUITE), list(HOLDOUT_SUITE)


def load(name):
    return load_dataset(name)


def categorical_columns(X):
    return [
        c
        for c in X.columns
        if not pd.api.types.is_numeric_dtype(X[c]) or pd.api.types.is_bool_dtype(X[c])
    ]


def minority_class(y):
    vals, counts = np.unique(np.asarray(y), return_counts=True)
    return vals[np.argmin(counts)]


def make_classifier(name, X, class_weight=None):
    """Copy of benchmark.make_classifier, plus an optional class_weight."""
    kw = {} if class_weight is None else {"class_weight": class_weight}
    estimators = {
        "logreg": lambda: LogisticRegression(max_iter=1000, **kw),
        "tree": lambda: DecisionTreeClassifier(max_depth=5, random_state=0, **kw),
        "knn": lambda: KNeighborsClassifier(n_neighbors=5),
        "hgb": lambda: HistGradientBoostingClassifier(random_state=0, **kw),
    }
    categorical = categorical_columns(X)
    numeric = [c for c in X.columns if c not in categorical]
    steps = []
    if X[numeric].isna().to_numpy().any() and name != "hgb":
        steps.append(("impute", SimpleImputer(strategy="median")))
    if name in _SCALED:
        steps.append(("scale", StandardScaler()))
    numeric_step = SkPipeline(steps) if steps else "passthrough"
    pre = ColumnTransformer(
        [
            (
                "categorical",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                categorical,
            ),
            ("numeric", numeric_step, numeric),
        ]
    )
    return SkPipeline([("preprocess", pre), ("classifier", estimators[name]())])


def make_enc_classifier(name, num_idx):
    """Classifier on the encoded space: scale only the numeric columns (as the
    benchmark's preprocessing scales numbers and leaves one-hot columns)."""
    est = {
        "logreg": LogisticRegression(max_iter=1000),
        "tree": DecisionTreeClassifier(max_depth=5, random_state=0),
        "knn": KNeighborsClassifier(n_neighbors=5),
        "hgb": HistGradientBoostingClassifier(random_state=0),
    }[name]
    if name in _SCALED:
        pre = ColumnTransformer(
            [("numeric", StandardScaler(), list(num_idx))], remainder="passthrough"
        )
        return SkPipeline([("preprocess", pre), ("classifier", est)])
    return SkPipeline([("classifier", est)])


class Encoder:
    """One-hot categories + median-imputed standard-scaled numbers -> float array.
    Column layout: one-hot blocks first, then numbers (as the benchmark's)."""

    def fit(self, X):
        self.cat = categorical_columns(X)
        self.num = [c for c in X.columns if c not in self.cat]
        self.ohe = (
            OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(X[self.cat])
            if self.cat
            else None
        )
        self.imp = (
            SimpleImputer(strategy="median").fit(X[self.num]) if self.num else None
        )
        self.sc = (
            StandardScaler().fit(self.imp.transform(X[self.num])) if self.num else None
        )
        self.blocks, start = [], 0
        if self.ohe is not None:
            for cats in self.ohe.categories_:
                self.blocks.append((start, start + len(cats)))
                start += len(cats)
        self.num_idx = list(range(start, start + len(self.num)))
        return self

    def transform(self, X):
        parts = []
        if self.ohe is not None:
            parts.append(self.ohe.transform(X[self.cat]))
        if self.num:
            parts.append(self.sc.transform(self.imp.transform(X[self.num])))
        return np.hstack(parts).astype(np.float64)


def score(model, X_test, y_test, minority):
    predicted = model.predict(X_test)
    proba = model.predict_proba(X_test)
    classes = list(model.classes_)
    p = proba[:, classes.index(minority)]
    truth = np.asarray(y_test) == minority
    return {
        "balanced_accuracy": balanced_accuracy_score(y_test, predicted),
        "minority_f1": f1_score(
            y_test, predicted, labels=[minority], average="macro", zero_division=0
        ),
        "roc_auc": roc_auc_score(truth, p),
        "average_precision": average_precision_score(truth, p),
    }


# ------------------------------------------------------------------ samplers
def raw_sampler(method, X, seed):
    from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC, RandomOverSampler

    if method == "ros":
        return RandomOverSampler(random_state=seed)
    cat = categorical_columns(X)
    kw = {"random_state": seed}
    if method == "smote_k":
        return kw  # handled by caller (needs y)
    if not cat:
        return SMOTE(**kw)
    if len(cat) == X.shape[1]:
        return SMOTEN(**kw)
    return SMOTENC(categorical_features=cat, **kw)


def smote_capped(X, y, seed):
    from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC, RandomOverSampler

    n_min = int(pd.Series(y).value_counts().min())
    k = min(5, n_min - 1)
    if k < 1:
        return RandomOverSampler(random_state=seed).fit_resample(X, y)
    cat = categorical_columns(X)
    kw = {"random_state": seed, "k_neighbors": k}
    s = (
        SMOTE(**kw)
        if not cat
        else (
            SMOTEN(**kw)
            if len(cat) == X.shape[1]
            else SMOTENC(categorical_features=cat, **kw)
        )
    )
    return s.fit_resample(X, y)


def sv_sample(method, Z, y, minority, seed):
    """A smote-variants sampler's rows (encoded space), labels as in ``y``.

    The samplers take 0/1 labels (1: ``minority``); the other label is mapped back."""
    import smote_variants as sv

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("smote_variants"):
            logging.getLogger(name).setLevel(logging.ERROR)
    cls = {
        "polyfit": sv.polynom_fit_SMOTE_star,
        "prowsyn": sv.ProWSyn,
        "smoteipf": sv.SMOTE_IPF,
    }[method]
    y = np.asarray(y)
    Z_res, y01 = cls(random_state=seed).sample(Z, (y == minority).astype(int))
    other = next(v for v in np.unique(y) if v != minority)
    return Z_res, np.where(y01 == 1, minority, other)


GEN_VARIANTS = {}  # name -> ConvexGANConfig kwargs (filled by variants.json)
_vp = os.path.join(HERE, "variants.json")
if os.path.exists(_vp):
    GEN_VARIANTS.update(json.load(open(_vp)))


def gen_sample(method, Z, y, minority, blocks, seed, fraction=1.0, screen=False):
    """Fill ``fraction`` of each class's gap to the largest class (1.0: balance).

    ``screen`` (round 4): 8x the rows are drawn and the first that pass the product's
    ``NeighbourFilter`` (5 nearest real rows) are kept; a class where too few pass
    gets the plain draw (counted in ``SCREEN_FALLBACKS``)."""
    import torch

    from gan_augment._filtering import NeighbourFilter

    from .convex_gan import ConvexGAN, ConvexGANConfig

    torch.set_num_threads(1)
    cfg = ConvexGANConfig(**GEN_VARIANTS[method])
    y = np.asarray(y)
    out_X, out_y = [Z], [y]
    vals, counts = np.unique(y, return_counts=True)
    if screen:
        guard = NeighbourFilter(n_neighbors=5).fit_reference(
            Z, np.searchsorted(vals, y)
        )
    for k, (v, c) in enumerate(zip(vals, counts)):
        need = int(np.rint(fraction * (counts.max() - c)))
        if need <= 0:
            continue
        m = ConvexGAN(cfg).fit(Z, y, v, blocks=blocks, seed=seed)
        rows = None
        if screen:
            cand = m.sample(8 * int(need), seed=seed).astype(np.float64)
            passed = cand[guard.accepts(cand, k)]
            if len(passed) >= need:
                rows = passed[:need]
            else:
                SCREEN_FALLBACKS.append(method)
        if rows is None:
            rows = m.sample(int(need), seed=seed).astype(np.float64)
        out_X.append(rows)
        out_y.append(np.full(need, v, dtype=y.dtype))
    return np.vstack(out_X), np.concatenate(out_y)


#: Round 4: GANAugmenter options measured as candidates (method -> parameters).
GAN_PARAMS = {
    "gan_nf": {"filter_synthetic": True},
    "gan_aux3": {"class_loss_weight": 3},
    # Round 5 addendum: the mode-seeking term, the images' default weight.
    "gan_ms": {"diversity_weight": 0.02},
}
SCREEN_FALLBACKS = []  # one entry per fold (GAN) or class (interpolator) unscreened
#: Round 5 (``DECISION_RULE_ROUND5.md``): instance noise, seen category combinations.
ROUND5 = {
    "gan_in": {"noise": 0.1, "combos": False},
    "gan_cc": {"combos": True},
    "gan_in_cc": {"noise": 0.1, "combos": True},
    "gan_all_cc": {"combos": True, "match_marginals": "all"},
}


class GenClassifier:
    """encode -> generator (variant) -> classifier, as one sklearn classifier (for the
    tuned-threshold-on-top table: the inner CV refits the generator per inner fold)."""

    _estimator_type = "classifier"

    def __init__(self, name="logreg", variant="pw1", minority=None):
        self.name, self.variant, self.minority = name, variant, minority

    def get_params(self, deep=True):
        return {"name": self.name, "variant": self.variant, "minority": self.minority}

    def set_params(self, **p):
        for k, v in p.items():
            setattr(self, k, v)
        return self

    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags, Tags, TargetTags

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=True),
            classifier_tags=ClassifierTags(),
        )

    def fit(self, X, y):
        self.enc_ = Encoder().fit(X)
        Z = self.enc_.transform(X)
        ya = np.asarray(y)
        Zr, yr = gen_sample(self.variant, Z, ya, self.minority, self.enc_.blocks, 0)
        self.model_ = make_enc_classifier(self.name, self.enc_.num_idx).fit(Zr, yr)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X):
        return self.model_.predict_proba(self.enc_.transform(X))

    def predict(self, X):
        return self.model_.predict(self.enc_.transform(X))


# ------------------------------------------------------------------ one fold
def reorder(X, y, order_seed):
    """The rows in a random order seeded by ``order_seed`` (None: as they are)."""
    if order_seed is None:
        return X, y
    p = np.random.default_rng(order_seed).permutation(len(y))
    take = (lambda a: a.iloc[p]) if hasattr(X, "iloc") else (lambda a: a[p])
    return take(X), (y.iloc[p] if hasattr(y, "iloc") else np.asarray(y)[p])


def run_fold(method, X, y, train, test, minority, seed=0, order_seed=None):
    """One fold; ``order_seed`` (round 4, part B) shuffles the rows each classifier
    is fitted on."""
    X_tr, y_tr, X_te, y_te = X.iloc[train], y.iloc[train], X.iloc[test], y.iloc[test]
    if order_seed is not None and method.endswith(("+tt", "_avg5", "_cva")):
        raise ValueError(f"{method} has no shuffled-order variant")
    out = {}
    t0 = time.perf_counter()
    fit_s = 0.0
    if method in ("none", "cw", "tt"):
        X_tr, y_tr = reorder(X_tr, y_tr, order_seed)
        for name in CLASSIFIERS:
            if method == "cw" and name != "knn":
                model = make_classifier(name, X, class_weight="balanced").fit(
                    X_tr, y_tr
                )
            elif method == "tt":
                inner = make_classifier(name, X)
                try:
                    model = TunedThresholdClassifierCV(
                        inner, scoring="balanced_accuracy", random_state=seed
                    ).fit(X_tr, y_tr)
                    if len(np.unique(model.predict(X_tr))) == 1:
                        model = make_classifier(name, X).fit(X_tr, y_tr)
                except Exception:
                    model = make_classifier(name, X).fit(X_tr, y_tr)
            else:
                model = make_classifier(name, X).fit(X_tr, y_tr)
            out[name] = score(model, X_te, y_te, minority)
        return out, 0.0
    if method.endswith("+tt"):
        for name in CLASSIFIERS:
            inner = GenClassifier(name, method[:-3], minority)
            try:
                model = TunedThresholdClassifierCV(
                    inner, scoring="balanced_accuracy", random_state=seed
                ).fit(X_tr, y_tr)
                if len(np.unique(model.predict(X_tr))) == 1:
                    model = GenClassifier(name, method[:-3], minority).fit(X_tr, y_tr)
            except Exception as exc:
                print("tt fallback", name, type(exc).__name__, exc, flush=True)
                model = GenClassifier(name, method[:-3], minority).fit(X_tr, y_tr)
            out[name] = score(model, X_te, y_te, minority)
        return out, 0.0
    if method in ("gan", "gan_bt", "gan_tr", *GAN_PARAMS, *ROUND5):
        import torch

        from .gan_boundary import gan_resample
        from .gan_range import gan_resample as gan_range_resample
        from .gan_round5 import gan_resample as gan_round5_resample

        torch.set_num_threads(1)
        if method in ROUND5:
            X_res, y_res = gan_round5_resample(X_tr, y_tr, seed, **ROUND5[method])
        elif method == "gan_tr":
            X_res, y_res = gan_range_resample(X_tr, y_tr, seed, truncate=True)
        else:
            enc = Encoder().fit(X_tr)
            params = GAN_PARAMS.get(method, {})
            try:
                X_res, y_res = gan_resample(
                    X_tr, y_tr, enc, seed, tilt=method == "gan_bt", **params
                )
            except ValueError as exc:  # round 4: the screen's shortfall error
                if "filter_synthetic" not in params:
                    raise
                print(f"  SCREEN FALLBACK {method}: {str(exc)[:160]}", flush=True)
                SCREEN_FALLBACKS.append(method)
                X_res, y_res = gan_resample(X_tr, y_tr, enc, seed, tilt=False)
        fit_s = time.perf_counter() - t0
        X_res, y_res = reorder(X_res, y_res, order_seed)
        for name in CLASSIFIERS:
            model = make_classifier(name, X).fit(X_res, y_res)
            out[name] = score(model, X_te, y_te, minority)
        return out, fit_s
    if method in ("ros", "smote", "smote_k"):
        if method == "smote_k":
            X_res, y_res = smote_capped(X_tr, y_tr, seed)
        else:
            X_res, y_res = raw_sampler(method, X_tr, seed).fit_resample(X_tr, y_tr)
        fit_s = time.perf_counter() - t0
        X_res, y_res = reorder(X_res, y_res, order_seed)
        for name in CLASSIFIERS:
            model = make_classifier(name, X).fit(X_res, y_res)
            out[name] = score(model, X_te, y_te, minority)
        return out, fit_s
    if method.endswith("_avg5"):  # round 3, part D
        return run_fold_avg(method[:-5], X, X_tr, y_tr, X_te, y_te, minority)
    if method.endswith("_cva"):  # round 3
        return run_fold_cva(method[:-4], X_tr, y_tr, X_te, y_te, minority, seed)
    # encoded-space samplers
    enc = Encoder().fit(X_tr)
    Z_tr, Z_te = enc.transform(X_tr), enc.transform(X_te)
    y_arr = np.asarray(y_tr)
    t0 = time.perf_counter()
    if method in ("polyfit", "prowsyn", "smoteipf"):
        Z_res, y_res = sv_sample(method, Z_tr, y_arr, minority, seed)
    elif method.endswith("_nf"):  # round 4: the product's neighbour screen
        Z_res, y_res = gen_sample(
            method[:-3], Z_tr, y_arr, minority, enc.blocks, seed, screen=True
        )
    else:
        variant = method.removesuffix("_ipf")
        Z_res, y_res = gen_sample(variant, Z_tr, y_arr, minority, enc.blocks, seed)
        if variant != method:  # round 3, part C: SMOTE-IPF's filter after the rows
            Z_res, y_res = ipf_filter(Z_res, y_res, int((y_arr == minority).sum()))
    fit_s = time.perf_counter() - t0
    Z_res, y_res = reorder(Z_res, y_res, order_seed)
    for name in CLASSIFIERS:
        model = make_enc_classifier(name, enc.num_idx).fit(Z_res, y_res)
        out[name] = score(model, Z_te, y_te, minority)
    return out, fit_s


CVA_FRACTIONS = (0.0, 1 / 3, 2 / 3, 1.0)
CVA_CHOICES = []  # (classifier, chosen fraction) per outer fold, for the report


def choose_fraction(variant, name, Z, y, enc, minority, seed):
    """Round 3: the fraction of each class's gap filled with ``variant``'s rows, chosen
    by inner stratified CV balanced accuracy of classifier ``name`` (ties: larger)."""
    from sklearn.model_selection import StratifiedKFold

    n_min = int(np.unique(y, return_counts=True)[1].min())
    if n_min < 2:
        return 1.0
    inner = StratifiedKFold(n_splits=min(3, n_min), shuffle=True, random_state=seed)
    scores = {f: [] for f in CVA_FRACTIONS}
    for tr, va in inner.split(Z, y):
        for f in CVA_FRACTIONS:
            Zr, yr = gen_sample(variant, Z[tr], y[tr], minority, enc.blocks, seed, f)
            model = make_enc_classifier(name, enc.num_idx).fit(Zr, yr)
            scores[f].append(balanced_accuracy_score(y[va], model.predict(Z[va])))
    means = {f: float(np.mean(v)) for f, v in scores.items()}
    best = max(means.values())
    return max(f for f, m in means.items() if m >= best - 1e-12)


def run_fold_cva(variant, X_tr, y_tr, X_te, y_te, minority, seed):
    enc = Encoder().fit(X_tr)
    Z_tr, Z_te = enc.transform(X_tr), enc.transform(X_te)
    y_arr = np.asarray(y_tr)
    t0 = time.perf_counter()
    out = {}
    for name in CLASSIFIERS:
        f = choose_fraction(variant, name, Z_tr, y_arr, enc, minority, seed)
        CVA_CHOICES.append((name, f))
        Z_res, y_res = gen_sample(variant, Z_tr, y_arr, minority, enc.blocks, seed, f)
        model = make_enc_classifier(name, enc.num_idx).fit(Z_res, y_res)
        out[name] = score(model, Z_te, y_te, minority)
    return out, time.perf_counter() - t0


def ipf_filter(Z, y, n_minority, n_folds=9, k=3, p=0.01):
    """Round 3, part C: smote-variants 1.0.1's SMOTE_IPF filter, on any resampled set.

    Trees trained on 8 of 9 unshuffled stratified folds vote on every row; rows the
    majority misclassifies are removed, until fewer than ``p`` of the rows go ``k``
    times in a row."""
    from sklearn.model_selection import StratifiedKFold

    n_folds = min(n_folds, n_minority)
    if n_folds < 2:
        return Z, y
    condition = 0
    while condition < k:
        votes = []
        for train, _ in StratifiedKFold(n_folds).split(Z, y):
            tree = DecisionTreeClassifier(random_state=2).fit(Z[train], y[train])
            votes.append(tree.predict(Z))
        votes = np.asarray(votes)
        # Binary labels: the majority vote, as smote-variants takes it (> 0.5).
        classes = np.unique(y)
        pred = np.where(
            (votes == classes[1]).mean(axis=0) > 0.5, classes[1], classes[0]
        )
        remove = np.flatnonzero(pred != y)
        Z, y = np.delete(Z, remove, axis=0), np.delete(y, remove)
        condition = (condition + 1) * int(len(remove) < len(Z) * p)
    return Z, y


class AveragedModel:
    """Round 3, part D: the mean of fitted classifiers' predicted probabilities."""

    def __init__(self, models):
        self.models = models
        self.classes_ = models[0].classes_

    def predict_proba(self, X):
        return np.mean([m.predict_proba(X) for m in self.models], axis=0)

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def run_fold_avg(base, X, X_tr, y_tr, X_te, y_te, minority, draws=5):
    """One classifier per draw (seeds 0 to draws - 1) of ``base``, averaged."""
    y_arr = np.asarray(y_tr)
    t0 = time.perf_counter()
    if base == "smote_k":
        sets = [smote_capped(X_tr, y_tr, s) for s in range(draws)]
        fit = lambda name, Xr, yr: make_classifier(name, X).fit(Xr, yr)  # noqa: E731
        test = X_te
    else:
        enc = Encoder().fit(X_tr)
        Z_tr, test = enc.transform(X_tr), enc.transform(X_te)
        sets = [
            gen_sample(base, Z_tr, y_arr, minority, enc.blocks, s) for s in range(draws)
        ]
        fit = lambda name, Zr, yr: make_enc_classifier(name, enc.num_idx).fit(Zr, yr)  # noqa: E731
    fit_s = time.perf_counter() - t0
    out = {}
    for name in CLASSIFIERS:
        model = AveragedModel([fit(name, Xr, yr) for Xr, yr in sets])
        out[name] = score(model, test, y_te, minority)
    return out, fit_s


def run(suite, method, datasets=None):
    # Imported here: it imports torch, which the baselines never load.
    from .gan_round5 import COMBINATION_FALLBACKS

    dev, hold = suites()
    names = datasets or (dev if suite == "dev" else hold)
    rows = []
    for ds in names:
        X, y = load(ds)
        minority = minority_class(y)
        cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=0)
        t_ds = time.perf_counter()
        for i, (train, test) in enumerate(cv.split(np.zeros(len(y)), y)):
            try:
                res, fit_s = run_fold(
                    method,
                    X,
                    y,
                    train,
                    test,
                    minority,
                    order_seed=i if SHUFFLED else None,
                )
            except Exception as exc:  # record NaN like the benchmark
                print(
                    f"  FAIL {ds} {method} fold {i}: {type(exc).__name__}: {exc}",
                    flush=True,
                )
                res, fit_s = {c: {} for c in CLASSIFIERS}, np.nan
            for clf, sc in res.items():
                for metric in METRICS:
                    rows.append(
                        dict(
                            dataset=ds,
                            augmenter=method,
                            classifier=clf,
                            repeat=i // 5,
                            fold=i % 5,
                            metric=metric,
                            score=float(sc.get(metric, np.nan)),
                            fit_seconds=fit_s,
                        )
                    )
        df = pd.DataFrame([r for r in rows if r["dataset"] == ds])
        if COMBINATION_FALLBACKS:
            print(f"  combination fallbacks: {COMBINATION_FALLBACKS}", flush=True)
            COMBINATION_FALLBACKS.clear()
        if SCREEN_FALLBACKS:
            print(f"  screen fallbacks: {len(SCREEN_FALLBACKS)}", flush=True)
            SCREEN_FALLBACKS.clear()
        if CVA_CHOICES:
            chosen = pd.DataFrame(CVA_CHOICES, columns=["classifier", "f"])
            print(chosen.groupby("classifier").f.mean().round(2).to_dict(), flush=True)
            CVA_CHOICES.clear()
        ba = df[df.metric == "balanced_accuracy"].score.mean()
        print(
            f"{suite} {method:14s} {ds:32s} BA {ba:.4f} "
            f"fit {df.fit_seconds.mean():.3f}s ({time.perf_counter() - t_ds:.0f}s)",
            flush=True,
        )
    return pd.DataFrame(rows)


if __name__ == "__main__":
    suite, methods = sys.argv[1], sys.argv[2:]
    os.makedirs(RESULTS, exist_ok=True)
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for m in methods:
            path = os.path.join(RESULTS, f"{suite}__{m}.csv.gz")
            if os.path.exists(path):
                print("skip", path)
                continue
            t = time.perf_counter()
            df = run(suite, m)
            df.to_csv(path, index=False)
            ba = (
                df[df.metric == "balanced_accuracy"]
                .groupby("dataset")
                .score.mean()
                .mean()
            )
            print(
                f"== {suite} {m}: mean BA {ba:.4f}  "
                f"wall {time.perf_counter() - t:.0f}s",
                flush=True,
            )
