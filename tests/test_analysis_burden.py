"""Burden measures, rankings and Kendall's tau, on graphs small enough to check by hand."""

from __future__ import annotations

import math
import warnings

import pytest

from graph.analysis.burden import agreement, burden_table, competition_ranks, kendall_tau_b
from graph.analysis.scope import AnalysisError

from .analysis_graphs import FOUR_TASKS, tiny


def by_agency(rows: list[dict]) -> dict[str, dict]:
    return {r["agency"]: r for r in rows}


def test_measures_by_hand() -> None:
    rows = by_agency(burden_table(tiny(FOUR_TASKS)))
    assert {a: rows[a]["tasks"] for a in "ABCDE"} == {"A": 2, "B": 2, "C": 2, "D": 1, "E": 0}
    assert {a: rows[a]["led"] for a in "ABCDE"} == {"A": 1, "B": 1, "C": 0, "D": 0, "E": 0}
    # weighted: A = 2 (lead, 1) + 1 (co, 3); B = 1 + 2; C = 1 + 1; D = 1
    assert {a: rows[a]["weighted"] for a in "ABCD"} == {"A": 3, "B": 3, "C": 2, "D": 1}
    # share: task 1 splits 2:1:1 among A, B, C; task 2 2:1 between B, C; task 3 1:1 (A, D)
    assert rows["A"]["share"] == pytest.approx(2 / 4 + 1 / 2)
    assert rows["B"]["share"] == pytest.approx(1 / 4 + 2 / 3)
    assert rows["C"]["share"] == pytest.approx(1 / 4 + 1 / 3)
    assert rows["D"]["share"] == pytest.approx(1 / 2)
    # implementers apart: E is on all four tasks, task 4 included, and on no other measure
    assert rows["E"]["implemented"] == 4 and rows["A"]["implemented"] == 0


def test_shares_add_up_to_the_tasks_with_named_agencies() -> None:
    rows = burden_table(tiny(FOUR_TASKS))
    assert sum(r["share"] for r in rows) == pytest.approx(3)  # task 4 names nobody


def test_role_counts_partition_the_tasks() -> None:
    extra = [("5", "A", "cooperating"), ("5", "D", "supporting"), ("5", "B", "lead")]
    for r in burden_table(tiny(FOUR_TASKS + extra)):
        parts = r["led"] + r["co-responsible"] + r["cooperating"] + r["supporting"]
        assert parts == r["tasks"], r


def test_a_role_stated_in_both_languages_counts_once() -> None:
    both = FOUR_TASKS + [(t, a, role, "zh") for t, a, role in FOUR_TASKS]
    assert burden_table(tiny(both)) == burden_table(tiny(FOUR_TASKS))


def test_versions_that_disagree_count_the_stronger_role_once() -> None:
    # English: A co-responsible on task 3; Chinese: A leads it
    rows = by_agency(burden_table(tiny(FOUR_TASKS + [("3", "A", "lead", "zh")])))
    assert rows["A"]["tasks"] == 2 and rows["A"]["led"] == 2
    assert rows["A"]["weighted"] == 4
    assert rows["A"]["share"] == pytest.approx(2 / 4 + 2 / 3)  # task 3 now splits 2:1


def test_weights_are_options() -> None:
    rows = by_agency(burden_table(tiny(FOUR_TASKS), weights={"lead": 3, "co-responsible": 1}))
    assert rows["A"]["weighted"] == 4  # 3 + 1
    assert rows["A"]["share"] == pytest.approx(3 / 5 + 1 / 2)
    assert rows["C"]["share"] == pytest.approx(1 / 5 + 1 / 4)


def test_rank_orders_and_shares_ties() -> None:
    rows = burden_table(tiny(FOUR_TASKS), by="weighted")
    assert [(r["rank"], r["agency"]) for r in rows] == [
        (1, "A"),
        (1, "B"),
        (3, "C"),
        (4, "D"),
        (5, "E"),
    ]
    assert [r["agency"] for r in burden_table(tiny(FOUR_TASKS), by="implemented")][0] == "E"
    assert competition_ranks([9, 7, 7, 3]) == [1, 2, 2, 4]


def test_per_plan() -> None:
    g = tiny(FOUR_TASKS)
    tiny([("1", "Z", "lead")], plan="other-2024", g=g)
    assert "Z" not in by_agency(burden_table(g, plan="tiny-2024"))
    assert by_agency(burden_table(g, plan="other-2024"))["Z"]["led"] == 1
    assert by_agency(burden_table(g))["Z"]["led"] == 1  # across plans
    with pytest.raises(AnalysisError, match="no plan 'nowhere'.*other-2024, tiny-2024"):
        burden_table(g, plan="nowhere")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: burden_table(g, by="fame"), "unknown measure 'fame'"),
        (lambda g: burden_table(g, weights={"boss": 2}), "unknown role 'boss'"),
        (lambda g: burden_table(g, weights={"lead": -1}), "must be a number >= 0"),
    ],
)
def test_bad_options(call, message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        call(tiny(FOUR_TASKS))


def test_kendall_tau_b_by_hand() -> None:
    # one swapped pair of six: (5 - 1) / 6
    assert kendall_tau_b([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(4 / 6)
    # ties: pairs (0,1) tied in x, (1,2) tied in y, the other 4 concordant: 4 / sqrt(5 * 5)
    assert kendall_tau_b([1, 1, 2, 3], [1, 2, 2, 3]) == pytest.approx(0.8)
    assert kendall_tau_b([1, 2, 3], [3, 2, 1]) == pytest.approx(-1)
    assert kendall_tau_b([1, 1, 1], [1, 2, 3]) is None
    assert kendall_tau_b([1], [1]) is None


def test_kendall_tau_b_undefined_is_none_without_a_warning() -> None:
    # scipy warns on fewer than two items and returns NaN on all ties: the table says None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kendall_tau_b([], []) is None
        assert kendall_tau_b([2], [5]) is None
        assert kendall_tau_b([1, 2, 3], [4, 4, 4]) is None
    with pytest.raises(ValueError, match="same length"):
        kendall_tau_b([1, 2], [1])


def test_agreement_between_rankings() -> None:
    rows = {(r["measure"], r["other"]): r for r in agreement(tiny(FOUR_TASKS))}
    assert len(rows) == 6  # every pair of tasks, led, weighted, share
    # over A, B, C, D: tasks (2, 2, 2, 1), led (1, 1, 0, 0): 2 concordant pairs, 3 tied in
    # tasks, 2 tied in led: 2 / sqrt(3 * 4)
    assert rows["tasks", "led"]["tau_b"] == pytest.approx(2 / math.sqrt(12), abs=1e-6)
    assert rows["tasks", "led"]["agencies"] == 4  # E implements only
    # weighted (3, 3, 2, 1), share (1, 11/12, 7/12, 1/2): A, B tied in weighted, the other
    # 5 pairs concordant: 5 / sqrt(5 * 6)
    assert rows["weighted", "share"]["tau_b"] == pytest.approx(5 / math.sqrt(30), abs=1e-6)


def test_plain_kendall_tau_b_is_scipys() -> None:
    """The pair count kendall_tau_b uses for a plan's agencies (no scipy import) against
    scipy's kendalltau (variant b), ties and an all-tied sequence included."""
    import math
    import random

    from scipy.stats import kendalltau

    from graph.analysis.burden import plain_tau_b

    for seed in range(40):
        pick = random.Random(seed)
        x = [pick.randint(0, 5) * pick.choice([1, 0.5]) for _ in range(pick.randint(2, 50))]
        y = [v * pick.choice([1, 2]) + pick.randint(0, 2) for v in x]
        if seed % 7 == 0:
            y = [3.0] * len(x)
        expected = float(kendalltau(x, y, variant="b").statistic)
        found = plain_tau_b(x, y)
        if math.isnan(expected):
            assert found is None, seed
        else:
            assert found is not None and abs(found - expected) < 1e-12, seed
