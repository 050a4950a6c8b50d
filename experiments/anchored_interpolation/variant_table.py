"""One line per generator variant on the development suite, each ranked against the
8 baselines (9 methods), and the baselines ranked with the final candidate ``pw1``.

usage, from the repository root (prints markdown)::

    python -m experiments.anchored_interpolation.variant_table
"""

from __future__ import annotations

import pandas as pd

from . import summarize

WHAT = {
    "pw1": "FINAL: levels + random level partner (not self) + u/sum(u) weights, "
    "hard categories, untrained",
    "pw0_t2": "pw0 with theta=2 (partner may be the anchor -> copies)",
    "pw1_t3": "pw1 with theta=3 (more weight on the nearest level)",
    "pw1_t2": "pw1 with theta=2",
    "pw0": "levels + random level partner (self allowed), uniform t, untrained",
    "pw1_soft": "pw1 with fractional one-hot (as smote-variants)",
    "pw1_n3": "pw1 over 3 rows (anchor + 2 level partners): 'average several draws'",
    "cvx_p0": "anchor (distance-rank levels) + its 5 nearest in-class rows, "
    "Dirichlet(1) weights, untrained",
    "pw1g": "pw1 + adversarial weight tilt (150 steps, bound 1.5)",
    "pw1g_rw": "pw1g with proximity-weighted real rows for D",
    "pw1r": "pw1 + adversarial bounded residual (0.5 class std, 150 steps)",
    "pwg_of": "pw0 + adversarial tilt, D also sees 3 nearest other-class rows as fake "
    "(ConvGeN-style)",
    "cgan_pof150": "ConvGeN-style (design a): cvx_p0 + adversarial tilt "
    "+ other-class rows as fake",
}
#: the untrained generator each adversarial variant is compared with
BASIS = {
    "pw1g": "pw1",
    "pw1g_rw": "pw1",
    "pw1r": "pw1",
    "pwg_of": "pw0",
    "cgan_pof150": "cvx_p0",
}


def table() -> str:
    df = summarize.load("dev")
    fm = summarize.fold_means(df)
    base = summarize.BASELINES
    ba = fm.loc["balanced_accuracy"].unstack("augmenter")
    fs = df.groupby("augmenter").fit_seconds.mean()
    rows = []
    for c in WHAT:
        r = {m: summarize.ranks(fm, m, [*base, c])[c] for m in summarize.METRICS}
        mb = ba[c].mean()
        d = f"{mb - ba[BASIS[c]].mean():+.4f} vs {BASIS[c]}" if c in BASIS else ""
        dp = summarize.wilcox(fm, "balanced_accuracy", c, "prowsyn")
        ds = summarize.wilcox(fm, "balanced_accuracy", c, "smote_k")
        rows.append(
            {
                "variant": c,
                "design": WHAT[c],
                "mean BA": round(mb, 4),
                "BA rank": round(r["balanced_accuracy"], 2),
                "F1 rank": round(r["minority_f1"], 2),
                "AP rank": round(r["average_precision"], 2),
                "AUC rank": round(r["roc_auc"], 2),
                "vs SMOTE (p)": f"{ds[0]:+.4f} ({ds[1]:.2g})",
                "vs ProWSyn (p)": f"{dp[0]:+.4f} ({dp[1]:.2g})",
                "adversarial effect": d,
                "fit s/fold": round(fs[c], 3),
            }
        )
    out = [summarize.md(pd.DataFrame(rows), index=False)]
    out.append("\nBaselines in the same 9-method ranking (ranked with pw1):")
    r = pd.DataFrame(
        {
            summarize.SHORT[m]: summarize.ranks(fm, m, [*base, "pw1"])
            for m in summarize.METRICS
        }
    ).round(2)
    r["mean BA"] = ba[[*base, "pw1"]].mean().round(4)
    out.append(summarize.md(r.sort_values("BA")))
    return "\n".join(out)


if __name__ == "__main__":
    print(table())
