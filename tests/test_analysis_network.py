"""The projected networks and the centrality measures, on graphs worked out by hand."""

from __future__ import annotations

import ast
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.analysis.centrality import centrality_table, power_pagerank
from graph.analysis.projection import co_responsibility, lead_to_co, task_agency
from graph.analysis.scope import AnalysisError, assignments

from .analysis_graphs import FOUR_TASKS, agency, task, tiny

ROOT = Path(__file__).resolve().parents[1]


def co(*tasks: str) -> list[tuple[str, str, str]]:
    """Tasks given as agency letters, all co-responsible: co("AB", "BC") = a path A-B-C."""
    return [(str(i), a, "co") for i, letters in enumerate(tasks, 1) for a in letters]


def test_task_agency_graph_has_roles_on_edges_and_no_literals() -> None:
    G = task_agency(assignments(tiny(FOUR_TASKS + [("1", "A", "lead", "zh")])))
    assert G.number_of_nodes() == 4 + 5  # four tasks, five agencies; no labels, no numbers
    assert {G.nodes[n]["kind"] for n in G} == {"task", "agency"}
    assert G.edges[task("1"), agency("A")]["role"] == "lead"
    assert G.edges[task("3"), agency("A")]["role"] == "co-responsible"
    assert G.edges[task("4"), agency("E")]["roles"] == ["implementer"]
    assert G.number_of_edges() == 7 + 4


def test_co_responsibility_weights() -> None:
    G = co_responsibility(assignments(tiny(FOUR_TASKS)))
    A, B, C, D = (agency(x) for x in "ABCD")
    assert set(G) == {A, B, C, D}  # E only implements
    assert G.edges[B, C] == {"shared": 2, "newman": pytest.approx(1 / 2 + 1)}
    assert G.edges[A, B] == {"shared": 1, "newman": pytest.approx(1 / 2)}
    assert G.edges[A, D] == {"shared": 1, "newman": pytest.approx(1.0)}
    assert not G.has_edge(C, D)
    # Newman's weights add up, for each agency, to the tasks it shares with anyone
    assert dict(G.degree(weight="newman")) == pytest.approx({A: 2, B: 2, C: 2, D: 1})


def test_lead_to_co() -> None:
    G = lead_to_co(assignments(tiny(FOUR_TASKS)))
    A, B, C = (agency(x) for x in "ABC")
    assert sorted(G.edges(data="tasks")) == sorted([(A, B, 1), (A, C, 1), (B, C, 1)])
    assert agency("D") in G and G.degree(agency("D")) == 0


def rows(g) -> dict[str, dict]:
    return {r["agency"]: r for r in centrality_table(g)}


def test_betweenness_brokers_and_core_by_hand() -> None:
    # triangles ABC and DEF, bridged by G (C-G-D), with H hanging off A
    found = rows(tiny(co("ABC", "DEF", "CG", "GD", "AH")))
    assert {a: found[a]["degree"] for a in "ABCDEFGH"} == dict(
        zip("ABCDEFGH", [3, 2, 3, 3, 2, 2, 2, 1], strict=True)
    )
    # pairs whose shortest path runs through: G 4 x 3, C 3 x 4, D 2 x 5, A 6 (H to all); of 21
    expected = {"G": 12 / 21, "C": 12 / 21, "D": 10 / 21, "A": 6 / 21, "B": 0, "H": 0}
    assert {a: found[a]["betweenness"] for a in expected} == pytest.approx(expected, abs=1e-6)
    assert [a for a in "ABCDEFGH" if found[a]["broker"]] == ["G"]
    assert {a: found[a]["core"] for a in "AGH"} == {"A": 2, "G": 2, "H": 1}
    assert [a for a in "ABCDEFGH" if found[a]["layer"] == "periphery"] == ["H"]


def test_eigenvector_and_pagerank_of_a_star() -> None:
    # X leads three tasks, one partner each
    found = rows(
        tiny(
            [(t, "X", "lead") for t in "123"]
            + [("1", "a", "co"), ("2", "b", "co"), ("3", "c", "co")]
        )
    )
    # star: lambda = sqrt(3), centre 1/sqrt(2), leaves 1/sqrt(6)
    assert found["X"]["eigenvector"] == pytest.approx(1 / math.sqrt(2), abs=1e-5)
    assert found["a"]["eigenvector"] == pytest.approx(1 / math.sqrt(6), abs=1e-5)
    # PageRank on X -> a, b, c (alpha 0.85, leaves dangling): x = 0.0375 + 0.2125 (1 - x)
    x = 0.25 / 1.2125
    assert found["X"]["pagerank"] == pytest.approx(x, abs=1e-5)
    assert found["b"]["pagerank"] == pytest.approx((1 - x) / 3, abs=1e-5)
    assert found["X"]["strength"] == 3 and found["a"]["strength"] == 1


def test_plain_pagerank_is_networkx_pagerank() -> None:
    """The build's PageRank (no scipy) against networkx's, on graphs with dangling nodes,
    uneven weights and none at all; to 1e-12, far below the 6 decimals written."""
    import random

    import networkx as nx

    for seed in range(12):
        pick = random.Random(seed)
        D = nx.DiGraph()
        D.add_nodes_from(range(pick.randint(1, 40)))
        for _ in range(pick.randint(0, 120)):
            a, b = pick.randrange(len(D)), pick.randrange(len(D))
            if a != b:
                D.add_edge(a, b, tasks=pick.randint(1, 5))
        expected = nx.pagerank(D, alpha=0.85, weight="tasks")
        found = power_pagerank(D, alpha=0.85, weight="tasks")
        assert found.keys() == expected.keys()
        assert all(abs(found[n] - expected[n]) < 1e-12 for n in D), seed
    assert power_pagerank(nx.DiGraph()) == {}


def test_sorted_by_the_chosen_measure() -> None:
    g = tiny(co("ABC", "DEF", "CG", "GD", "AH"))
    assert [r["agency"] for r in centrality_table(g, by="betweenness")][:4] == ["C", "G", "D", "A"]
    assert [r["agency"] for r in centrality_table(g)][:3] == ["A", "C", "D"]  # degree 3, by name
    with pytest.raises(AnalysisError, match="unknown measure 'fame'"):
        centrality_table(g, by="fame")


def test_no_named_agency_no_rows() -> None:
    assert centrality_table(tiny([("1", "E", "implementer")])) == []


SUMMED_IN_ANY_ORDER = """
from graph.analysis.projection import co_responsibility
from graph.analysis.scope import assignments
from tests.analysis_graphs import tiny
from tests.test_analysis_network import co

G = co_responsibility(assignments(tiny(co("ABC", "ABCD", "ABCDEF", "ABCDEFG", "ABCDEFGHIJ"))))
print([(str(a), str(b), d["shared"], d["newman"].hex()) for a, b, d in G.edges(data=True)])
"""


def test_co_responsibility_is_the_same_in_every_process() -> None:
    # networkx sums Newman's weight over a set of tasks: 1/2 + 1/3 + 1/5 + 1/6 + 1/9 gives other
    # last bits in another order, and a set of IRIs has another order under each hash seed
    runs = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", SUMMED_IN_ANY_ORDER],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.add(done.stdout)
    assert len(runs) == 1
    edges = ast.literal_eval(runs.pop())
    assert len(edges) == 45 and edges[0][:3] == (str(agency("A")), str(agency("B")), 5)
    assert float.fromhex(edges[0][3]) == pytest.approx(1 / 2 + 1 / 3 + 1 / 5 + 1 / 6 + 1 / 9)
