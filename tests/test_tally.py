"""The one count of tasks by role, and the three places that give it: the build report, the
burden measures and the named query `most-burdened-agencies`."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, URIRef

from graph.analysis.burden import scores
from graph.analysis.scope import NAMED_ROLES, ROLE_NAMES, Assignment, assignments, plans
from graph.analysis.tally import RoleTally, tasks_by_role
from graph.corpus import rdflib_select
from graph.namespace import PK
from graph.query import run_query
from graph.report import agency_table

# task 1: A leads in one version and is co-responsible in the other, B co-responsible in
# both (stated twice), C implements; task 2: B leads, C implements; task 3: C implements only
STATED = [
    ("t1", "A", "Lead"),
    ("t1", "A", "CoResponsible"),
    ("t1", "B", "CoResponsible"),
    ("t1", "B", "CoResponsible"),
    ("t1", "C", "Implementer"),
    ("t2", "B", "Lead"),
    ("t2", "C", "Implementer"),
    ("t3", "C", "Implementer"),
]


def test_counted_by_hand() -> None:
    got = tasks_by_role(STATED, apart={"Implementer"})
    assert list(got) == ["A", "B", "C"]  # in the order first seen
    assert got["A"] == RoleTally(Counter(Lead=1, CoResponsible=1), tasks=1, all=1)
    assert got["B"] == RoleTally(Counter(CoResponsible=1, Lead=1), tasks=2, all=2)
    assert got["C"] == RoleTally(Counter(Implementer=3), tasks=0, all=3)


def test_nothing_set_apart_counts_every_role_as_a_task() -> None:
    assert tasks_by_role(STATED)["C"].tasks == 3


@pytest.fixture(scope="module")
def henan(bilingual_graph: Graph) -> Graph:
    return bilingual_graph


def stated(g: Graph, plan: str | None = None) -> list[tuple[str, str, str]]:
    return [(str(a.task), str(a.agency), ROLE_NAMES[a.role]) for a in assignments(g, plan)]


def test_the_report_counts_every_stated_role(henan: Graph) -> None:
    tally = tasks_by_role(stated(henan), apart={"implementer"})
    rows = agency_table(rdflib_select(henan))
    assert len(rows) == len(tally) > 20
    for row in rows:
        t = tally[row["agency"]]
        assert (row["tasks"], row["all"], row["Lead"], row["Implementer"]) == (
            t.tasks,
            t.all,
            t.roles["lead"],
            t.roles["implementer"],
        )


def test_the_burden_counts_the_strongest_role() -> None:
    """Where the versions give one agency two roles on a task, the burden counts the
    stronger once (A: lead on t1); the report counts both (A: lead and co-responsible)."""
    role = {"Lead": PK.Lead, "CoResponsible": PK.CoResponsible, "Implementer": PK.Implementer}
    items = sorted({Assignment(URIRef(t), URIRef(a), role[r]) for t, a, r in STATED})
    burden = scores(items)
    a, b, c = (burden[URIRef(x)] for x in "ABC")
    assert (a["tasks"], a["lead"], a["co-responsible"], a["implemented"]) == (1, 1, 0, 0)
    assert (b["tasks"], b["lead"], b["co-responsible"], b["implemented"]) == (2, 1, 1, 0)
    assert (c["tasks"], c["lead"], c["implemented"]) == (0, 0, 3)


def test_henan_states_one_role_per_agency_and_task(henan: Graph) -> None:
    """So on Henan the burden's counts and the report's are the same numbers."""
    burden = scores(assignments(henan))
    every = tasks_by_role(stated(henan), apart={"implementer"})
    for agency, row in burden.items():
        t = every[str(agency)]
        assert row["tasks"] == t.tasks and row["implemented"] == t.roles["implementer"]
        assert all(row[ROLE_NAMES[r]] == t.roles[ROLE_NAMES[r]] for r in NAMED_ROLES)


def test_the_named_query_says_the_same_count(henan: Graph) -> None:
    columns = {
        "lead": PK.Lead,
        "coResponsible": PK.CoResponsible,
        "cooperating": PK.Cooperating,
        "supporting": PK.Supporting,
        "implementer": PK.Implementer,
    }
    got = run_query("most-burdened-agencies", henan, engine="rdflib").records()
    assert got
    for plan in plans(henan):
        tally = tasks_by_role(stated(henan, plan), apart={"implementer"})
        mine = [row for row in got if row["plan"].endswith("/" + plan)]
        assert {row["agency"] for row in mine} == set(tally)
        for row in mine:
            t = tally[row["agency"]]
            assert row["tasks"] == t.tasks, row["agency"]
            for column, role in columns.items():
                assert row[column] == t.roles[ROLE_NAMES[role]], (row["agency"], column)
