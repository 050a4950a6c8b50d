"""The benchmark report's statistics against hand-computed and published values.

Every expected number here is worked out by hand (the arithmetic is in the
comments), taken from Demsar (2006), or taken from scipy's own test suite
(values its maintainers checked against R and MATLAB); none is computed by the
code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from benchmarks import _report as report
from benchmarks._report import (
    FAILURE_RULE,
    RESULT_COLUMNS,
    SPEED_COLUMNS,
    fit_time_table,
    friedman_test,
    holm,
    mean_ranks,
    nemenyi_critical_difference,
    rank_matrix,
    render_report,
    score_matrix,
    summarize,
    wilcoxon_holm,
    wins_ties_losses,
)

BA = "balanced_accuracy"
AP = "average_precision_minority"


def tidy(scores: dict, metric: str = BA, seconds: float = 1.0) -> pd.DataFrame:
    """Tidy rows from ``{(dataset, augmenter, classifier): [fold scores]}``."""
    rows = []
    for (dataset, augmenter, classifier), folds in scores.items():
        for fold, score in enumerate(folds):
            rows.append(
                {
                    "dataset": dataset,
                    "augmenter": augmenter,
                    "classifier": classifier,
                    "repeat": 0,
                    "fold": fold,
                    "metric": metric,
                    "score": score,
                    "fit_seconds": seconds,
                }
            )
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))


def matrix(columns: dict[str, list[float]]) -> pd.DataFrame:
    """A block-by-method score matrix with a (dataset, classifier) index."""
    n = len(next(iter(columns.values())))
    index = pd.MultiIndex.from_tuples(
        [(f"d{i}", "tree") for i in range(n)], names=["dataset", "classifier"]
    )
    return pd.DataFrame(columns, index=index)


# Two data sets, two classifiers, two folds; "b" fails on d2 / knn fold 1.
SMALL = tidy(
    {
        ("d1", "a", "tree"): [0.6, 0.8],  # mean 0.7
        ("d1", "b", "tree"): [0.7, 0.7],  # 0.7: a tie with a
        ("d1", "a", "knn"): [0.5, 0.7],  # 0.6
        ("d1", "b", "knn"): [0.9, 0.7],  # 0.8
        ("d2", "a", "tree"): [0.9, 0.9],  # 0.9
        ("d2", "b", "tree"): [0.8, 0.6],  # 0.7
        ("d2", "a", "knn"): [0.4, 0.6],  # 0.5
        ("d2", "b", "knn"): [0.8, math.nan],  # failed
    }
)


# ----------------------------------------------------------------- the tables


def test_summarize_averages_folds_and_classifiers_per_data_set():
    table = summarize(SMALL)
    # d1: a (0.6 + 0.8 + 0.5 + 0.7) / 4 = 0.65; b (0.7 + 0.7 + 0.9 + 0.7) / 4
    # = 0.75. d2: a (0.9 + 0.9 + 0.4 + 0.6) / 4 = 0.7; b skips the failed
    # fold: (0.8 + 0.6 + 0.8) / 3 = 0.7333.
    assert list(table.index) == ["d1", "d2"]
    assert table[(BA, "a")].tolist() == pytest.approx([0.65, 0.7])
    assert table[(BA, "b")].tolist() == pytest.approx([0.75, 2.2 / 3])


def test_fit_time_table_counts_each_fold_once():
    results = pd.concat(
        [
            tidy({("d1", "gan", "tree"): [0.8, 0.9]}, seconds=2.0),
            tidy({("d1", "gan", "knn"): [0.7, 0.6]}, seconds=2.0),
            tidy({("d1", "gan", "tree"): [0.8, 0.9]}, metric=AP, seconds=2.0),
            tidy({("d1", "ros", "tree"): [0.8, 0.9]}, seconds=0.5),
            tidy({("d2", "ros", "tree"): [math.nan, 0.9]}, seconds=math.nan),
        ]
    )
    table = fit_time_table(results)
    # gan: two folds of d1 at 2 s each, whatever the classifiers and metrics.
    assert table.loc["gan"].tolist() == [4.0, 2.0, 2, 0]
    # ros: d1's two folds at 0.5 s, d2's two folds failed (NaN seconds).
    assert table.loc["ros", "total_seconds"] == 1.0
    assert table.loc["ros", "mean_seconds_per_fold"] == 0.5
    assert table.loc["ros", ["folds", "failed_folds"]].tolist() == [4, 2]


def test_score_matrix_holds_fold_means_and_failures():
    scores = score_matrix(SMALL, BA)
    assert list(scores.columns) == ["a", "b"]
    expected = {
        ("d1", "tree"): (0.7, 0.7),
        ("d1", "knn"): (0.6, 0.8),
        ("d2", "tree"): (0.9, 0.7),
        ("d2", "knn"): (0.5, math.nan),  # one failed fold fails the run
    }
    assert set(scores.index) == set(expected)
    for block, (a, b) in expected.items():
        assert scores.loc[block, "a"] == pytest.approx(a)
        assert scores.loc[block, "b"] == pytest.approx(b, nan_ok=True)
    assert len(score_matrix(SMALL, BA, complete=True)) == 3
    assert list(score_matrix(SMALL, BA, methods=["b", "a"]).columns) == ["b", "a"]
    with pytest.raises(ValueError, match=r"No results of \['c'\]"):
        score_matrix(SMALL, BA, methods=["a", "c"])


def test_a_metric_not_measured_is_left_out_not_a_failure():
    # "a" measured AP on d1 only; "b" never: no block has both, no AP ranks.
    only_a = tidy({("d1", "a", "tree"): [0.5, 0.5]}, metric=AP)
    results = pd.concat([SMALL, only_a])
    assert score_matrix(results, AP).empty
    assert AP not in mean_ranks(results).columns
    # Both measured AP on d1 / tree only: ranked there alone, d2 not a loss.
    both = tidy({("d1", "b", "tree"): [0.7, 0.7]}, metric=AP)
    results = pd.concat([SMALL, only_a, both])
    assert list(score_matrix(results, AP).index) == [("d1", "tree")]
    assert mean_ranks(results)[AP].to_dict() == {"a": 2.0, "b": 1.0}


def test_ranks_share_ties_and_put_failures_last():
    scores = matrix(
        {
            "a": [0.9, 0.5, math.nan, 0.3],
            "b": [0.9, 0.7, math.nan, 0.3 + 1e-15],  # float noise: a tie
            "c": [0.1, 0.6, 0.2, math.nan],
        }
    )
    ranks = rank_matrix(scores)
    # Block 0: a, b tie for 1-2 -> 1.5 each, c 3. Block 1: b 1, c 2, a 3.
    # Block 2: c 1, the two failures tie for 2-3 -> 2.5. Block 3: a, b tie
    # for 1-2 -> 1.5, c failed -> 3.
    assert ranks["a"].tolist() == [1.5, 3.0, 2.5, 1.5]
    assert ranks["b"].tolist() == [1.5, 1.0, 2.5, 1.5]
    assert ranks["c"].tolist() == [3.0, 2.0, 1.0, 3.0]


def test_mean_ranks_with_failures_last_and_where_every_method_ran():
    ranks = mean_ranks(SMALL)
    # Blocks (a, b): d1/tree 0.7 = 0.7 -> 1.5, 1.5; d1/knn 0.6 < 0.8 -> 2, 1;
    # d2/tree 0.9 > 0.7 -> 1, 2; d2/knn b failed -> 1, 2.
    # a: (1.5 + 2 + 1 + 1) / 4 = 1.375; b: (1.5 + 1 + 2 + 2) / 4 = 1.625.
    assert ranks[BA].to_dict() == {"a": 1.375, "b": 1.625}
    # Without the failed block: a (1.5 + 2 + 1) / 3, b (1.5 + 1 + 2) / 3.
    complete = mean_ranks(SMALL, complete=True)
    assert complete.loc["a", BA] == pytest.approx(4.5 / 3)
    assert complete.loc["b", BA] == pytest.approx(4.5 / 3)


def test_wins_ties_losses_per_data_set():
    scores = pd.DataFrame(
        {
            "a": [0.8, 0.6, 0.5, 0.5, 0.9, 0.9],
            "b": [0.7, 0.7, 0.5 + 1e-13, 0.5, math.nan, 0.9],
            "c": [0.6, 0.6, 0.9, 0.9, math.nan, math.nan],
        },
        index=pd.MultiIndex.from_product(
            [["d1", "d2", "d3"], ["tree", "knn"]], names=["dataset", "classifier"]
        ),
    )
    counts = wins_ties_losses(scores)
    # Per data set (mean over the two classifiers):
    #   d1: a 0.7, b 0.7, c 0.6;  d2: a 0.5, b 0.5 (+5e-14), c 0.9;
    #   d3: a 0.9, b failed, c failed.
    # a vs b: d1 tie, d2 tie (within 1e-12), d3 a wins -> 1/2/0.
    assert counts.loc[("a", "b")].tolist() == [1, 2, 0]
    assert counts.loc[("b", "a")].tolist() == [0, 2, 1]
    # a vs c: d1 win, d2 loss, d3 win (c failed) -> 2/0/1.
    assert counts.loc[("a", "c")].tolist() == [2, 0, 1]
    # b vs c: d1 win, d2 loss, d3 both failed: tie -> 1/1/1.
    assert counts.loc[("b", "c")].tolist() == [1, 1, 1]
    assert len(counts) == 6
    only = wins_ties_losses(scores, methods=["a"], baselines=["b", "c"])
    assert list(only.index) == [("a", "b"), ("a", "c")]
    # A stated tolerance: 0.02 makes d1's a vs c (0.7 vs 0.6) still a win.
    loose = wins_ties_losses(scores, tolerance=0.2)
    assert loose.loc[("a", "c")].tolist() == [1, 1, 1]


# --------------------------------------------------------------- the tests


# Demsar (2006), Table 6: AUC of C4.5, C4.5+m, C4.5+cf and C4.5+m+cf on 14
# data sets; scipy's TestFriedmanChiSquare uses the same data.
DEMSAR = {
    "C4.5": [0.763, 0.599, 0.954, 0.628, 0.882, 0.936, 0.661, 0.583, 0.775, 1.0,
             0.94, 0.619, 0.972, 0.957],
    "C4.5+m": [0.768, 0.591, 0.971, 0.661, 0.888, 0.931, 0.668, 0.583, 0.838,
               1.0, 0.962, 0.666, 0.981, 0.978],
    "C4.5+cf": [0.771, 0.590, 0.968, 0.654, 0.886, 0.916, 0.609, 0.563, 0.866,
                1.0, 0.965, 0.614, 0.9751, 0.946],
    "C4.5+m+cf": [0.798, 0.569, 0.967, 0.657, 0.898, 0.931, 0.685, 0.625, 0.875,
                  1.0, 0.962, 0.669, 0.975, 0.970],
}  # fmt: skip


def test_friedman_on_demsars_example():
    scores = matrix(DEMSAR)
    # Demsar's average ranks: 3.143, 2.000, 2.893, 1.964.
    ranks = rank_matrix(scores).mean()
    assert ranks.round(3).tolist() == [3.143, 2.0, 2.893, 1.964]
    test = friedman_test(scores)
    # scipy's reference (tie-corrected; Demsar's 9.28 ignores ties).
    assert test.statistic == pytest.approx(10.2283464566929, rel=1e-10)
    assert test.p_value == pytest.approx(0.0167215803284414, rel=1e-10)
    assert (test.n_blocks, test.n_methods) == (14, 4)
    # Iman-Davenport: 13 * 10.2283464566929 / (14 * 3 - 10.2283464566929)
    # = 132.9685039370077 / 31.7716535433071 = 4.185130...
    assert test.iman_davenport == pytest.approx(4.185130, rel=1e-6)
    from scipy import stats

    assert test.iman_davenport_p_value == pytest.approx(
        stats.f.sf(4.185130, 3, 39), rel=1e-5
    )


def test_friedman_on_scipys_second_reference():
    # "Bioestadistica para las ciencias de la salud", in scipy's tests.
    x2 = {
        "a": [4, 3, 5, 3, 5, 3, 2, 5, 4, 4, 4, 3],
        "b": [2, 2, 1, 2, 3, 1, 2, 3, 2, 1, 1, 3],
        "c": [2, 4, 3, 3, 4, 3, 3, 4, 4, 1, 2, 1],
        "d": [3, 5, 4, 3, 4, 4, 3, 3, 3, 4, 4, 4],
    }
    test = friedman_test(matrix({k: [float(v) for v in vs] for k, vs in x2.items()}))
    assert test.statistic == pytest.approx(18.9428571428571, rel=1e-10)
    assert test.p_value == pytest.approx(0.000280938375189499, rel=1e-8)


def test_friedman_ranks_a_failure_below_every_score():
    from scipy import stats

    with_failure = dict(DEMSAR)
    with_failure["C4.5"] = [math.nan, *DEMSAR["C4.5"][1:]]
    worst = dict(DEMSAR)
    worst["C4.5"] = [-1.0, *DEMSAR["C4.5"][1:]]
    test = friedman_test(matrix(with_failure))
    reference = stats.friedmanchisquare(*worst.values())
    assert test.statistic == pytest.approx(reference.statistic, rel=1e-12)
    with pytest.raises(ValueError, match="three or more methods"):
        friedman_test(matrix({"a": [0.1, 0.2], "b": [0.2, 0.3]}))


def test_holm_by_hand():
    # Sorted 0.01, 0.03, 0.04 times 3, 2, 1: 0.03, 0.06, 0.04 -> running max
    # 0.03, 0.06, 0.06, back in input order.
    assert holm([0.01, 0.04, 0.03]).tolist() == pytest.approx([0.03, 0.06, 0.06])
    # NaN is not a test: m = 2. 0.2 * 2 = 0.4, 0.5 * 1 = 0.5.
    adjusted = holm([0.5, math.nan, 0.2])
    assert adjusted[[0, 2]].tolist() == pytest.approx([0.5, 0.4])
    assert math.isnan(adjusted[1])
    # Capped at 1: 0.6 * 2 = 1.2 -> 1.
    assert holm([0.6, 0.7]).tolist() == [1.0, 1.0]


# scipy's TestWilcoxon.test_accuracy_wilcoxon: values from R's
# wilcox.test(x, y, paired=TRUE, exact=FALSE, correct=FALSE).
R_X = [120, 114, 181, 188, 180, 146, 121, 191, 132, 113, 127, 112]
R_Y = [133, 143, 119, 189, 112, 199, 198, 113, 115, 121, 142, 187]
# The same test's zero-heavy sample: differences -4..4 with these counts.
COUNTS = [1, 4, 16, 15, 8, 4, 5, 1, 2]


def test_wilcoxon_holm_matches_r_and_scipys_references():
    # Scores scaled by a power of two keep every difference exact.
    zeros = np.concatenate([[d] * c for d, c in zip(range(-4, 5), COUNTS)])
    n = len(zeros)  # 56 blocks
    scores = matrix(
        {
            "gan": [0.5 + d / 64 for d in zeros],
            "r": [x / 256 for x in R_X] + [0.5] * (n - 12),
            "zsplit": [0.5] * n,
        }
    )
    # The R pair lives in the first 12 blocks; the other blocks of "r" are
    # not part of R's sample, so test it on those 12 alone.
    r_test = wilcoxon_holm(
        matrix({"gan": [y / 256 for y in R_Y], "r": [x / 256 for x in R_X]}),
        "gan",
        wilcoxon_method="asymptotic",
    )
    # gan - r = y - x: the same two-sided test as R's x - y.
    assert r_test.loc["r", "statistic"] == 34.0
    assert r_test.loc["r", "p_value"] == pytest.approx(0.6948866023724735)
    # Differences y - x: 13 29 -62 1 -68 53 77 -78 -17 8 15 75: 8 up, 4 down.
    assert r_test.loc["r", ["wins", "ties", "losses"]].tolist() == [8, 0, 4]
    both = wilcoxon_holm(scores[["gan", "zsplit"]], "gan", wilcoxon_method="asymptotic")
    row = both.loc["zsplit"]
    # scipy: zero_method="zsplit", no continuity correction -> T = 441,
    # p = 0.0032145343172473055.
    assert row["statistic"] == 441.0
    assert row["p_value"] == pytest.approx(0.0032145343172473055)
    # Counts: below 0: 1 + 4 + 16 + 15 = 36; zero: 8; above: 4 + 5 + 1 + 2.
    assert row[["wins", "ties", "losses"]].tolist() == [12, 8, 36]
    # Mean difference: (-4 - 12 - 32 - 15 + 4 + 10 + 3 + 8) / 56 / 64.
    assert row["mean_difference"] == pytest.approx(-38 / 56 / 64)


def test_wilcoxon_holm_corrects_over_the_comparisons():
    zeros = np.concatenate([[d] * c for d, c in zip(range(-4, 5), COUNTS)])
    scores = matrix(
        {
            "other": [0.5] * 56,
            "gan": [0.5 + d / 64 for d in zeros],
            "same": [0.5 + d / 64 for d in zeros],
        }
    )
    table = wilcoxon_holm(scores, "gan", wilcoxon_method="asymptotic")
    assert list(table.index) == ["other", "same"]
    # "same" ties on every block: p = 1. Holm over m = 2: 0.0032145 * 2 =
    # 0.006429, then max(0.006429, 1 * 1.0) = 1.
    assert table.loc["same", "p_value"] == 1.0
    assert table.loc["other", "p_holm"] == pytest.approx(2 * 0.0032145343172473055)
    assert table.loc["same", "p_holm"] == 1.0
    assert table["significant"].tolist() == [True, False]
    with pytest.raises(ValueError, match="'smote' is not among the methods"):
        wilcoxon_holm(scores, "smote")


def test_wilcoxon_counts_a_failure_as_the_largest_loss():
    from scipy import stats

    gan = [0.5 + d / 64 for d in (3, -1, 2, 4, 1, -2, 5, 6)]
    failed = [math.nan, *gan[1:]]
    table = wilcoxon_holm(matrix({"gan": failed, "b": [0.5] * 8}), "gan")
    # The failure is a loss larger than any difference: -7/64 here.
    reference = stats.wilcoxon(
        [-7, -1, 2, 4, 1, -2, 5, 6], zero_method="zsplit", correction=False
    )
    assert table.loc["b", "statistic"] == reference.statistic
    assert table.loc["b", "p_value"] == pytest.approx(reference.pvalue)
    assert table.loc["b", ["wins", "ties", "losses"]].tolist() == [5, 0, 3]
    # The mean difference is over the blocks where both ran.
    assert table.loc["b", "mean_difference"] == pytest.approx(15 / 7 / 64)


@pytest.mark.parametrize(
    ("alpha", "q"),
    [
        # Demsar (2006), Table 5(a): q_0.05 and q_0.10 for k = 2..10, given
        # to three decimals (not always rounded: 2.3437 reads 2.343).
        (0.05, [1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164]),
        (0.10, [1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.780, 2.855, 2.920]),
    ],
)
def test_nemenyi_critical_difference_matches_demsars_table(alpha, q):
    for k, q_k in zip(range(2, 11), q):
        # With N blocks, CD = q * sqrt(k (k + 1) / (6 N)); N = k (k + 1) / 6
        # makes the root 1.
        n = k * (k + 1) / 6
        assert nemenyi_critical_difference(k, n, alpha) == pytest.approx(q_k, abs=1e-3)
    # Demsar's example: k = 4, N = 14: 2.569 * sqrt(20 / 84) = 1.2536.
    assert nemenyi_critical_difference(4, 14) == pytest.approx(1.2536, abs=5e-4)
    with pytest.raises(ValueError, match="two or more methods"):
        nemenyi_critical_difference(1, 14)


# --------------------------------------------------------------- the report


def _three_methods() -> pd.DataFrame:
    """Three methods on four data sets x two classifiers; ros fails on d4."""
    rng = np.random.default_rng(0)
    scores = {}
    for d in ("d1", "d2", "d3", "d4"):
        for c in ("tree", "knn"):
            for a, shift in (("none", 0.0), ("ros", 0.05), ("gan", 0.08)):
                folds = 0.6 + shift + rng.normal(0, 0.02, 2)
                if a == "ros" and d == "d4":
                    folds = [math.nan, math.nan]
                scores[(d, a, c)] = list(folds)
    return tidy(scores)


def test_report_states_failures_ranks_where_all_ran_and_tests():
    results = _three_methods()
    # AP measured by gan and none only: reported for them, never ranked.
    ap = tidy({("d1", a, "tree"): [0.5, 0.6] for a in ("none", "gan")}, metric=AP)
    text = render_report(
        pd.concat([results, ap]),
        pd.DataFrame(columns=list(SPEED_COLUMNS)),
        command="x",
        cd_figure="_static/cd_dev.png",
    )
    assert FAILURE_RULE in text
    assert "#### Mean rank on the pairs where every method ran" in text
    assert "Balanced accuracy 6 pairs (3 data sets; classifiers tree, knn)" in text
    assert "Friedman test that all 3 methods" in text
    assert "#### `gan` against each other method" in text
    assert "### Wins / ties / losses per data set" in text
    assert "![Critical-difference diagram" in text and "_static/cd_dev.png" in text
    # The AP table shows the two methods that measured it, on d1 only, and
    # says ros did not; AP is in no rank, test or wins table.
    ap_table = text.split("### Minority-class average precision")[1].split("###")[0]
    assert "Not measured for ros" in ap_table
    assert "| dataset | none | gan |" in ap_table and "| d2 |" not in ap_table
    ranks = text.split("### Mean rank")[1]
    assert "average precision" not in ranks
    # The W/T/L matrix, balanced accuracy: gan beats none on all four sets
    # (shift 0.08 against 0 with noise 0.02) and ros on d4 (ros failed).
    assert "| gan | 4/0/0 |" in text


def test_a_kind_that_does_not_apply_to_a_classifier_is_not_a_failure():
    # class_weight has no 5-NN rows (5-NN takes no class weights): the ranks
    # use the tree pairs, where all three measured; each pairwise comparison
    # uses every pair both measured.
    scores = {}
    for i, d in enumerate(("d1", "d2", "d3")):
        scores[(d, "none", "tree")] = [0.60 + i / 100] * 2
        scores[(d, "none", "knn")] = [0.50] * 2
        scores[(d, "class_weight", "tree")] = [0.70] * 2
        scores[(d, "gan", "tree")] = [0.80] * 2
        scores[(d, "gan", "knn")] = [0.40 + i / 10] * 2  # 0.4, 0.5, 0.6
    results = tidy(scores)
    assert list(score_matrix(results, BA).index.get_level_values(1)) == ["tree"] * 3
    # Tree: gan 0.8 > class_weight 0.7 > none 0.6x on every set: ranks 1, 2, 3.
    assert mean_ranks(results)[BA].to_dict() == {
        "none": 3.0,
        "class_weight": 2.0,
        "gan": 1.0,
    }
    text = render_report(
        results, pd.DataFrame(columns=list(SPEED_COLUMNS)), command="x"
    )
    assert "Balanced accuracy 3 pairs (3 data sets; classifiers tree)" in text
    tests = text.split("#### `gan` against each other method")[1]
    # gan vs none on 6 pairs: tree 3 wins; knn 0.4 < 0.5, 0.5 = 0.5, 0.6 > 0.5.
    assert "| none | 6 | 4/1/1 |" in tests
    assert "| class_weight | 3 | 3/0/0 |" in tests
    # Per data set over the classifiers both have: gan vs none on d1 is
    # (0.8 + 0.4) / 2 = 0.6 against (0.6 + 0.5) / 2 = 0.55: a win, and so on.
    assert "| gan | 3/0/0 | 3/0/0 | · |" in text
    assert "| method \\ baseline | none | class_weight | gan |" in text


def test_report_of_cached_results_without_average_precision():
    from benchmarks.benchmark import load_cached

    # Caches written before average precision joined the protocol (frozen
    # copies: docs/benchmark_results is refreshed by make bench).
    cached = load_cached(
        "tests/fixtures/benchmark_cache_v1",
        ["new_thyroid1", "glass1"],
        ["none", "ros", "gan"],
    )
    assert AP not in set(cached["metric"])
    assert AP not in mean_ranks(cached).columns
    text = render_report(cached, pd.DataFrame(columns=list(SPEED_COLUMNS)), command="x")
    assert "average precision" not in text.lower()
    assert "Every method ran on every pair" in text
    assert "| new_thyroid1 |" in text


def test_critical_difference_figure_is_written(tmp_path):
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    results = _three_methods()
    figure = report.critical_difference_figure(results)
    assert isinstance(figure, Figure)
    texts = {t.get_text() for t in figure.axes[0].texts}
    assert {"none", "ros", "gan"} <= texts
    # k = 3, N = 8 pairs: CD = 2.343 * sqrt(12 / 48) = 1.17.
    assert "CD = 1.17" in texts
    path = report.write_critical_difference(results, tmp_path / "static" / "cd.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="No data set measured"):
        report.critical_difference_figure(
            pd.concat([results, tidy({("d1", "gan", "tree"): [0.5]}, metric=AP)]),
            AP,
        )


def test_speed_section_says_when_and_at_which_commit_each_row_was_timed(tmp_path):
    import json

    meta = {
        "date": "2026-12-07T14:19:11+00:00",
        "load_average_1m": 0.94,
        "code_version": {"gan_augment": "0.1.0", "git_commit": "f4cf08a448aa"},
    }
    (tmp_path / "speed__pima__ctgan.json").write_text(json.dumps(meta))
    (tmp_path / "speed__pima__gan.json").write_text(json.dumps({"date": "old"}))
    speed = pd.DataFrame(
        {
            "dataset": ["pima", "pima"],
            "augmenter": ["ctgan", "gan"],
            "n_rows": [768, 768],
            "n_features": [8, 8],
            "fit_seconds": [15.0, 3.0],
            "sample_rows": [100_000, 100_000],
            "sample_seconds": [1.0, 0.1],
            "rows_per_second": [100_000.0, 1_000_000.0],
        }
    )
    text = "\n".join(report._speed_section(speed, tmp_path))
    assert (
        "| pima | 768 x 8 | 3.00 | 1,000,000 | 15.00 | 100,000 | 5.00 | 10.00 |" in text
    )
    assert "| pima | ctgan | 2026-12-07T14:19:11+00:00 | f4cf08a448 | 0.94 |" in text
    # A sidecar from before commits and loads were recorded says so.
    assert "| pima | gan | old | unknown | unknown |" in text
