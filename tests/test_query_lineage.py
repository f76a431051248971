"""The named queries across plans (lead-function-per-plan, tasks-added-by-province): rdflib and
Oxigraph give the same rows, and the rows are the Python analyses' (compare.plan_summary and
compare.lineage), on Yunnan with its national parent and on the whole bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.analysis.compare import ADDED, ADOPTED, lineage, plan_summary
from graph.cli import main
from graph.engines import Engine
from graph.io import CORPUS, load_graph
from graph.query import open_graph, run_query

from .query_support import ID, answer_set

YUNNAN = "yunnan-nonferrous-carbon-peak-2023"
FAMILY = ["national-nonferrous-carbon-peak-2022", YUNNAN]


@pytest.fixture(scope="module", params=["family", pytest.param("bundled", marks=pytest.mark.slow)])
def built(request, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Yunnan and its national parent (fast), or `plankg build --corpus` (every bundled plan)."""
    out = tmp_path_factory.mktemp(request.param)
    if request.param == "family":
        args = ["build", *(str(CORPUS / f"{n}.zh.txt") for n in FAMILY), "-o", str(out)]
    else:
        args = ["build", "--corpus", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def engines(built: Path) -> dict[str, Engine]:
    return {name: open_graph(built, name) for name in ("rdflib", "oxigraph")}


def short(iri: str) -> str:
    return iri.removeprefix(ID).removeprefix("function/")


QUERIES = [
    ("lead-function-per-plan", {}),
    ("lead-function-per-plan", {"plan": f"id:{YUNNAN}"}),
    ("tasks-added-by-province", {}),
    ("tasks-added-by-province", {"plan": f"id:{YUNNAN}"}),
    ("tasks-taken-from-parent", {}),
    ("tasks-taken-from-parent", {"plan": f"id:{YUNNAN}"}),
]


@pytest.mark.parametrize("name, params", QUERIES, ids=[f"{n}{sorted(p)}" for n, p in QUERIES])
def test_both_engines_give_the_same_rows(engines: dict, name: str, params: dict) -> None:
    rdflib_rows = run_query(name, engines["rdflib"], params)
    oxigraph_rows = run_query(name, engines["oxigraph"], params)
    assert answer_set(rdflib_rows) == answer_set(oxigraph_rows)
    assert rdflib_rows.records()  # both plans have leads and Yunnan added tasks
    # ORDER BY makes the order the same too, ties included
    assert rdflib_rows.records() == oxigraph_rows.records()


def test_the_leading_functions_are_the_summarys(engines: dict, built: Path) -> None:
    g = load_graph([built])
    python = {
        (row["plan"], function)
        for row in plan_summary(g)
        for function in row["leads_most"].split("; ")
        if row["leads_most"]
    }
    for engine in engines.values():
        rows = run_query("lead-function-per-plan", engine).records()
        assert {(short(r["plan"]), short(r["function"])) for r in rows} == python
        led = {short(r["plan"]): r["led"] for r in rows}
        assert led == {r["plan"]: r["leads_most_tasks"] for r in plan_summary(g) if r["leads_most"]}


def test_yunnan_ties_three_functions_read_in_its_notes(engines: dict) -> None:
    """Yunnan's only lead note: G1 （省工业和信息化厅、省发展改革委、省生态环境厅牵头…）."""
    rows = run_query("lead-function-per-plan", engines["oxigraph"], {"plan": f"id:{YUNNAN}"})
    got = [(short(r["function"]), r["led"], r["planTasks"]) for r in rows.records()]
    assert got == [
        ("development-reform", 1, 18),
        ("ecology-environment", 1, 18),
        ("industry-it", 1, 18),
    ]


def test_the_added_tasks_are_the_lineage_reports(engines: dict, built: Path) -> None:
    g = load_graph([built])
    python = {(r["plan"], r["parent"], r["task"]) for r in lineage(g) if r["status"] == ADDED}
    assert (YUNNAN, FAMILY[0], "2") in python and (YUNNAN, FAMILY[0], "9") in python
    for engine in engines.values():
        rows = run_query("tasks-added-by-province", engine).records()
        assert {(short(r["plan"]), short(r["parent"]), r["number"]) for r in rows} == python
        mine = run_query("tasks-added-by-province", engine, {"plan": f"id:{YUNNAN}"}).records()
        assert [r["heading"] for r in mine] == [
            "着力延伸产业链",
            "推进产业集群集约发展",
            "着力提升能效水平",
        ]


def test_the_adopted_pairs_and_scores_are_the_lineage_reports(engines: dict, built: Path) -> None:
    g = load_graph([built])
    python = {
        (r["plan"], r["parent"], r["task"], r["parent_task"], r["score"])
        for r in lineage(g)
        if r["status"] == ADOPTED
    }
    assert (YUNNAN, FAMILY[0], "4", "3", 0.568) in python  # 严格落实/提高行业准入门槛
    for engine in engines.values():
        rows = run_query("tasks-taken-from-parent", engine).records()
        found = {
            (short(r["plan"]), short(r["parent"]), r["number"], r["parentNumber"], r["score"])
            for r in rows
        }
        assert found == python
