"""Louvain clusters, modularity, stability and cluster names on a graph with two obvious groups."""

from __future__ import annotations

import pytest

from graph.analysis.clusters import clusters, louvain
from graph.analysis.projection import co_responsibility
from graph.analysis.scope import assignments

from .analysis_graphs import agency, tiny

# two triangles, each worked on in two tasks, joined by one task of C and D; A and D lead
BARBELL = [
    *[(t, x, "lead" if x in "AD" and t in "13" else "co") for t in "12" for x in "ABC"],
    *[(t, x, "lead" if x in "AD" and t in "13" else "co") for t in "34" for x in "DEF"],
    ("5", "C", "co"),
    ("5", "D", "co"),
]
# the same with one task per triangle: now the bridge (Newman weight 1) outweighs each
# triangle edge (1/2), and Louvain can stop at {A, B}, {C, D}, {E, F}
WEAK = [(t, x, "co") for t, group in (("1", "ABC"), ("2", "DEF"), ("3", "CD")) for x in group]
SECTORS = {"1": ["cement"], "3": ["coal", "electric-power"], "5": ["coal"]}


def test_two_groups_found_named_and_stable() -> None:
    found = clusters(tiny(BARBELL, sectors=SECTORS))
    rows = found["clusters"]
    assert [r["members"] for r in rows] == [["A", "B", "C"], ["D", "E", "F"]]
    assert [r["lead"] for r in rows] == ["A", "D"]
    # sectors by (member, task) pairs: ABC: cement 3 (task 1), coal 1 (C on task 5)
    assert rows[0]["sectors"] == ["Cement", "Coal"]
    assert rows[1]["sectors"] == ["Coal", "Electric power"]  # coal 3 + 1, power 3
    assert rows[0]["name"] == "A: Cement, Coal"
    assert [r["stability"] for r in rows] == [1.0, 1.0]
    assert found["runs"] == 20 and found["seed"] == 0


def test_modularity_by_hand() -> None:
    # Newman weights: triangle edges 1/2 + 1/2, bridge 1: W = 7; strengths A 2, C 3, ...
    # Q = 2 * (3 / 7 - (7 / 14) ** 2) = 5 / 14
    assert clusters(tiny(BARBELL))["modularity"] == pytest.approx(5 / 14, abs=1e-6)
    # where Louvain stops short: {A, B}, {C, D}, {E, F}, W = 4:
    # Q = 2 * (0.5 / 4 - (2 / 8) ** 2) + (1 / 4 - (4 / 8) ** 2) = 0.125
    weak = clusters(tiny(WEAK))
    assert [r["members"] for r in weak["clusters"]] == [["A", "B"], ["C", "D"], ["E", "F"]]
    assert weak["modularity"] == pytest.approx(0.125)


def test_pairs_count_how_often_they_land_together() -> None:
    pairs = {(p["agency"], p["other"]): p["together"] for p in clusters(tiny(BARBELL))["pairs"]}
    assert pairs[("A", "B")] == 1.0 and pairs[("E", "F")] == 1.0
    assert ("A", "D") not in pairs and ("C", "D") not in pairs  # never together in 20 runs


def test_stability_over_seeds_when_louvain_wavers() -> None:
    found = clusters(tiny(WEAK))
    pairs = {(p["agency"], p["other"]): p["together"] for p in found["pairs"]}
    # each run ends in {A, B, C} + {D, E, F} or in {A, B} + {C, D} + {E, F}
    assert 0 < pairs[("C", "D")] < 1
    assert pairs[("A", "C")] + pairs[("C", "D")] == pytest.approx(1.0)
    assert pairs[("A", "B")] == 1.0
    stability = {tuple(r["members"]): r["stability"] for r in found["clusters"]}
    assert stability[("C", "D")] == pairs[("C", "D")]
    assert stability[("A", "B")] == 1.0


def test_louvain_is_seeded_and_sorted() -> None:
    G = co_responsibility(assignments(tiny(BARBELL)))
    assert louvain(G, seed=7) == louvain(G, seed=7)
    assert [[str(a)[-1] for a in part] for part in louvain(G, seed=7)] == [list("abc"), list("def")]
    assert louvain(G)[0][0] == agency("A")


def test_resolution_zero_puts_everyone_together() -> None:
    # gamma = 0 rewards only inner weight: one cluster holds every agency
    found = clusters(tiny(BARBELL), resolution=0.0)
    assert [r["size"] for r in found["clusters"]] == [6]


def test_agencies_who_never_share_a_task() -> None:
    found = clusters(tiny([("1", "A", "lead"), ("2", "B", "co")]))
    assert found["modularity"] is None  # no edges: modularity is undefined
    assert [r["members"] for r in found["clusters"]] == [["A"], ["B"]]
    assert [r["stability"] for r in found["clusters"]] == [1.0, 1.0]
