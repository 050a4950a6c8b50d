"""Rebuild the study's tables from the committed per-fold results.

Writes, under ``tables/`` next to this file:

* ``TABLES_dev.md`` / ``TABLES_holdout.md``: every variant run on the suite;
* ``COMPACT_dev.md`` / ``COMPACT_holdout.md``: the baselines, the final candidate
  ``pw1`` and its adversarial twin ``pw1g``;
* ``VARIANTS_dev.md``: one line per variant on the development suite
  (``variant_table``);
* ``ROUND2_<suite>.md`` ... ``ROUND4_<suite>.md``: the baselines and each later
  round's candidates (``DECISION_RULE_ROUND2.md`` ... ``DECISION_RULE_ROUND4.md``).

usage, from the repository root::

    python -m experiments.anchored_interpolation.make_tables
"""

from __future__ import annotations

import json
from pathlib import Path

from . import summarize, variant_table

HERE = Path(__file__).resolve().parent
TABLES = HERE / "tables"
DEV = [
    "pw1",
    "pw0_t2",
    "pw1_t3",
    "pw1_t2",
    "pw0",
    "pw1_soft",
    "pw1_n3",
    "cvx_p0",
    "pw1g",
    "pw1g_rw",
    "pw1r",
    "pwg_of",
    "cgan_pof150",
]
HOLD = ["pw1", "pw1g"]
ROUNDS = {
    "ROUND2_dev": ("dev", ["pw1", "pw1_dd", "pw1_x25", "pw1_dd_x25", "gan", "gan_bt"]),
    "ROUND2_holdout": ("holdout", ["pw1", "pw1_dd", "gan", "gan_bt"]),
    "ROUND3_dev": (
        "dev",
        [
            "pw1_dd",
            "pw1_dd_cva",
            "pw1_dd_ipf",
            "pw1_dd_avg5",
            "smote_k_avg5",
            "gan",
            "gan_tr",
        ],
    ),
    "ROUND3_holdout": (
        "holdout",
        ["pw1_dd", "pw1_dd_avg5", "smote_k_avg5", "gan", "gan_tr"],
    ),
    "ROUND4_dev": ("dev", ["pw1_dd", "pw1_dd_nf", "gan", "gan_nf", "gan_aux3"]),
}


def main() -> None:
    variants = json.loads((HERE / "variants.json").read_text())
    TABLES.mkdir(exist_ok=True)
    for suite, cands in (("dev", DEV), ("holdout", HOLD)):
        cfg = "\n".join(f"- `{c}`: `{json.dumps(variants.get(c, {}))}`" for c in cands)
        (TABLES / f"TABLES_{suite}.md").write_text(
            f"# {suite} suite, all variants\n\n"
            f"Candidates (ConvexGANConfig overrides):\n{cfg}\n\n"
            + summarize.report(suite, cands)
            + "\n"
        )
        (TABLES / f"COMPACT_{suite}.md").write_text(
            summarize.report(suite, ["pw1", "pw1g"], show_all=False) + "\n"
        )
    for name, (suite, cands) in ROUNDS.items():
        (TABLES / f"{name}.md").write_text(
            summarize.report(suite, cands, show_all=False) + "\n"
        )
    (TABLES / "VARIANTS_dev.md").write_text(variant_table.table() + "\n")
    print(f"wrote {TABLES}")


if __name__ == "__main__":
    main()
