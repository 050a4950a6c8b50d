"""The image benchmark's cache and report: cuts, seeds and what is reused."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks import benchmark_images

pytest.importorskip("albumentations")

FAST = ["none", "ros", "albumentations"]


@pytest.fixture(scope="module")
def two_seeds(tmp_path_factory):
    results = tmp_path_factory.mktemp("bench") / "images.csv"
    table = benchmark_images.run_image_benchmark(
        FAST, n_cuts=1, n_seeds=2, results=results
    )
    return results, table


def test_every_augmenter_runs_every_seed_on_the_same_folds(two_seeds):
    _, table = two_seeds
    counts = table.groupby(["augmenter", "seed"]).size()
    # 5 folds x 2 classifiers per augmenter and seed.
    assert counts.to_dict() == {(a, s): 10 for a in FAST for s in (0, 1)}
    scores = table.pivot_table(
        index=["augmenter", "fold", "classifier"],
        columns="seed",
        values="balanced_accuracy",
    )
    # No sampler: nothing random, the seeds agree; a random sampler's do not.
    assert (scores.loc["none"][0] == scores.loc["none"][1]).all()
    assert (scores.loc["albumentations"][0] != scores.loc["albumentations"][1]).any()


def test_cached_seeds_are_reused_and_an_old_cache_reads_as_seed_0(two_seeds, tmp_path):
    results, table = two_seeds
    # A cache from before seeds were recorded: its rows are seed 0.
    old = tmp_path / "images.csv"
    table[table["seed"] == 0].drop(columns="seed").to_csv(old, index=False)
    again = benchmark_images.run_image_benchmark(FAST, n_cuts=1, results=old)
    assert len(again) == len(table) // 2
    assert set(again["seed"]) == {0}
    pd.testing.assert_frame_equal(
        pd.read_csv(old),
        table[table["seed"] == 0].drop(columns="seed").reset_index(drop=True),
        check_dtype=False,
    )  # nothing was rerun, so nothing was written


def test_the_report_compares_seeds_only_past_the_seed_0_tables(two_seeds):
    _, table = two_seeds
    report = benchmark_images.render_report(table, "python -m ...")
    cut0 = report.split("## The issue's protocol (cut 0)")[1].split("##")[0]
    seeds = report.split("## Mean over 2 seeds")[1]
    seed0 = table[(table["seed"] == 0) & (table["augmenter"] == "albumentations")]
    assert f"{seed0['balanced_accuracy'].mean():.3f}" in cut0
    row = next(line for line in seeds.splitlines() if line.startswith("| ros |"))
    per_seed = (
        table[table["augmenter"] == "ros"].groupby("seed")["balanced_accuracy"].mean()
    )
    assert row.startswith(f"| ros | {per_seed[0]:.3f} | {per_seed[1]:.3f} |")
    header = next(line for line in seeds.splitlines() if line.startswith("| augm"))
    assert "seeds ahead of albumentations" in header


def test_the_report_pairs_every_augmenter_with_the_warp_fold_by_fold(two_seeds):
    _, table = two_seeds
    report = benchmark_images.render_report(table, "python -m ...")
    paired = report.split("Paired by test fold")[1]
    row = next(line for line in paired.splitlines() if line.startswith("| ros |"))
    won, tied, lost = (int(n) for n in row.split("|")[2].split(",")[0].split(" / "))
    # 1 cut x 2 seeds x 5 folds, each counted once.
    assert won + tied + lost == 10
    by_fold = table.groupby(["augmenter", "seed", "fold"])["balanced_accuracy"].mean()
    diff = by_fold.loc["ros"] - by_fold.loc["albumentations"]
    assert won == int((diff.round(12) > 0).sum())
    assert f"{diff.mean():+.3f}" in row


def test_other_rare_classes_are_cut_cached_apart_and_reported_as_holdout(
    two_seeds, tmp_path
):
    results, table = two_seeds
    shared = tmp_path / "images.csv"
    shared.write_bytes(results.read_bytes())
    holdout = benchmark_images.run_image_benchmark(
        ["none", "ros"], n_cuts=1, results=shared, rare_classes=(9, 5, 6, 7, 8)
    )
    assert set(holdout["rare_classes"]) == {"5,6,7,8,9"}
    # Nothing of classes 0-4 was reused for 5-9, and nothing was lost.
    assert len(holdout) == 2 * 5 * 2
    both = pd.read_csv(shared)
    assert both["rare_classes"].value_counts().to_dict() == {
        "0,1,2,3,4": len(table),
        "5,6,7,8,9": len(holdout),
    }
    # Cutting other classes changes what "none" scores on the same folds.
    none = holdout[holdout["augmenter"] == "none"]["balanced_accuracy"].mean()
    assert none != table[table["augmenter"] == "none"]["balanced_accuracy"].mean()
    # The order the classes are given in does not change which images are cut.
    again = benchmark_images.run_image_benchmark(
        ["none"], n_cuts=1, results=tmp_path / "again.csv", rare_classes=range(5, 10)
    )
    pd.testing.assert_series_equal(
        again["balanced_accuracy"].reset_index(drop=True),
        holdout[holdout["augmenter"] == "none"]["balanced_accuracy"].reset_index(
            drop=True
        ),
    )
    report = benchmark_images.render_report(holdout, "python -m ...")
    assert report.startswith(
        "# Image benchmark: imbalanced digits, classes 5-9 rare (holdout)"
    )
    assert "classes 5-9 cut to 15 images each (" in report
    assert "## Cut 0" in report and "issue's protocol (cut 0)" not in report
    with pytest.raises(ValueError, match="mixes"):
        benchmark_images.render_report(
            pd.concat([table, holdout], ignore_index=True), "python -m ..."
        )


@pytest.mark.parametrize("rare", [(), (3, 10), tuple(range(10))])
def test_rare_classes_outside_the_digits_are_refused(rare, tmp_path):
    with pytest.raises(ValueError, match="rare_classes must name"):
        benchmark_images.run_image_benchmark(
            FAST, results=tmp_path / "x.csv", rare_classes=rare
        )


@pytest.mark.parametrize("bad", [{"n_cuts": 0}, {"n_seeds": 0}])
def test_no_cut_or_no_seed_is_refused_before_anything_runs(bad, tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        benchmark_images.run_image_benchmark(FAST, results=tmp_path / "x.csv", **bad)
    assert not (tmp_path / "x.csv").exists()
