#!/usr/bin/env bash
# The ablation of docs/tuning.md ("How the defaults were chosen"), re-measured
# 2026-12-07: each variant on the development suite, rows cached in
# experiments/default_variants_results/abl_*. Run from the repository root.
# "final" in the table is previous_defaults: {"match_marginals": null}.
set -u
run() { .venv/bin/python -m experiments.default_variants "$1" "$2" --suites dev; }
B='"n_steps": 2000, "batch_size": 128, "match_marginals": null'
run abl_first_defaults "{$B, \"filter_synthetic\": true, \"class_loss_weight\": 0}"
run abl_nofilter "{$B, \"filter_synthetic\": false, \"class_loss_weight\": 0}"
run abl_aux1 "{$B, \"filter_synthetic\": false, \"class_loss_weight\": 1}"
run abl_aux1b64 "{\"n_steps\": 2000, \"batch_size\": 64, \"match_marginals\": null, \"filter_synthetic\": false, \"class_loss_weight\": 1}"
run abl_per_class "{\"match_marginals\": null, \"conditioning\": \"per_class\"}"
run abl_trunc15 "{$B, \"filter_synthetic\": false, \"class_loss_weight\": 0, \"truncation\": 1.5}"
run abl_aux3 "{$B, \"filter_synthetic\": false, \"class_loss_weight\": 3}"
run abl_aux1s1200 "{\"n_steps\": 1200, \"batch_size\": 128, \"match_marginals\": null, \"filter_synthetic\": false, \"class_loss_weight\": 1}"
run abl_aux1d64 "{$B, \"filter_synthetic\": false, \"class_loss_weight\": 1, \"discriminator_dims\": [64, 64]}"
