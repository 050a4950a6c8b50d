"""Summaries: per-data-set BA, mean ranks (9-method target set per candidate),
Holm-corrected Wilcoxon vs each baseline, fit seconds.

Reads the per-fold results ``results/<suite>__<method>.csv.gz`` next to this file.

usage, from the repository root (prints markdown)::

    python -m experiments.anchored_interpolation.summarize SUITE [CANDIDATE ...]
"""

from __future__ import annotations

import glob
import os
import sys

import numpy as np
import pandas as pd
from scipy.stats import wilcoxon

HERE = os.path.dirname(os.path.abspath(__file__))
#: Round 4, part B: with ``STUDY_ORDER=shuffled`` the harness fits every classifier on
#: its rows in a random order seeded by the fold index, and both read and write
#: ``results_shuffled/`` instead of ``results/``.
SHUFFLED = os.environ.get("STUDY_ORDER", "as_returned") == "shuffled"
RESULTS = os.path.join(HERE, "results_shuffled" if SHUFFLED else "results")
BASELINES = ["none", "cw", "tt", "ros", "smote_k", "polyfit", "prowsyn", "smoteipf"]
METRICS = ["balanced_accuracy", "minority_f1", "average_precision", "roc_auc"]
SHORT = {
    "balanced_accuracy": "BA",
    "minority_f1": "F1",
    "average_precision": "AP",
    "roc_auc": "AUC",
}


def md(df, index=True):
    df = df.copy()
    if index:
        df = df.reset_index()
    cols = [str(c) for c in df.columns]

    def fmt(v):
        return f"{v:.4g}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += [
        "| " + " | ".join(fmt(v) for v in row) + " |"
        for row in df.itertuples(index=False)
    ]
    return "\n".join(lines)


def load(suite):
    frames = [
        pd.read_csv(p)
        for p in sorted(glob.glob(os.path.join(RESULTS, f"{suite}__*.csv.gz")))
    ]
    return pd.concat(frames, ignore_index=True)


def fold_means(df):
    return df.groupby(["metric", "dataset", "classifier", "augmenter"]).score.mean()


def pair_table(fm, metric, methods):
    t = fm.loc[metric].unstack("augmenter")[methods]
    return t


def ranks(fm, metric, methods):
    t = pair_table(fm, metric, methods)
    return t.rank(axis=1, ascending=False, method="average").mean()


def holm(pvals):
    p = np.asarray(pvals, float)
    order = np.argsort(p)
    adj = np.empty_like(p)
    running = 0.0
    for i, j in enumerate(order):
        running = max(running, min(1.0, (len(p) - i) * p[j]))
        adj[j] = running
    return adj


def wilcox(fm, metric, a, b):
    t = pair_table(fm, metric, [a, b]).dropna()
    d = t[a] - t[b]
    if (d != 0).sum() == 0:
        return 0.0, 1.0
    return float(d.mean()), float(wilcoxon(t[a], t[b], zero_method="wilcox").pvalue)


def report(suite, candidates, show_all=True):
    df = load(suite)
    fm = fold_means(df)
    present = sorted(df.augmenter.unique())
    out = []
    base = [b for b in BASELINES if b in present]
    allm = base + [m for m in present if m not in base]
    # per data set BA, all methods
    ba = (
        fm.loc["balanced_accuracy"]
        .groupby(["dataset", "augmenter"])
        .mean()
        .unstack("augmenter")
    )
    cols = allm if show_all else base + list(candidates)
    tab = ba[cols].copy()
    tab.loc["MEAN"] = tab.mean()
    out.append(
        f"### {suite}: balanced accuracy per data set "
        "(mean over 4 classifiers x 10 folds)\n"
    )
    out.append(md(tab.round(3)))
    # fit seconds
    fs = df.groupby("augmenter").fit_seconds.mean()
    out.append(
        "\nMean augmenter fit seconds per fold: "
        + ", ".join(f"{m} {fs[m]:.3f}" for m in cols)
    )
    # ranks per candidate, 9-method set
    out.append(
        f"\n### {suite}: mean ranks within data set x classifier "
        "(9 methods: 8 baselines + the candidate)\n"
    )
    rows = []
    for c in candidates:
        meth = [*base, c]
        row = {"candidate": c}
        for metric in METRICS:
            r = ranks(fm, metric, meth)
            row[f"{SHORT[metric]} rank"] = round(r[c], 2)
            row[f"best other ({SHORT[metric]})"] = (
                f"{r.drop(c).idxmin()} {r.drop(c).min():.2f}"
            )
            row[f"smote_k {SHORT[metric]} rank"] = round(r["smote_k"], 2)
        row["mean BA"] = round(
            pair_table(fm, "balanced_accuracy", [c]).mean().iloc[0], 4
        )
        rows.append(row)
    out.append(md(pd.DataFrame(rows), index=False))
    # Wilcoxon vs each baseline, Holm over the 8
    out.append(
        f"\n### {suite}: BA difference and Wilcoxon "
        "(pairs = data set x classifier), Holm over 8 baselines\n"
    )
    rows = []
    for c in candidates:
        res = [wilcox(fm, "balanced_accuracy", c, b) for b in base]
        adj = holm([p for _, p in res])
        row = {"candidate": c}
        for b, (d, p), pa in zip(base, res, adj):
            row[b] = f"{d:+.4f} (p={p:.3g}, holm {pa:.3g})"
        rows.append(row)
    if rows:
        out.append(md(pd.DataFrame(rows).set_index("candidate").T))
    # rank table of baselines among themselves + candidates together (info)
    out.append(
        f"\n### {suite}: mean ranks, all methods ranked together (information)\n"
    )
    rr = pd.DataFrame({SHORT[m]: ranks(fm, m, cols) for m in METRICS}).round(2)
    rr["mean BA"] = [
        pair_table(fm, "balanced_accuracy", [m]).mean().iloc[0] for m in rr.index
    ]
    out.append(md(rr.sort_values("BA").round(4)))
    return "\n".join(out)


if __name__ == "__main__":
    suite = sys.argv[1]
    cands = sys.argv[2:]
    print(report(suite, cands))
