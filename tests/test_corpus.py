"""Corpus builds: the synthetic corpus, the Oxigraph path and the SPARQL form of the shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from graph.build import build_graph
from graph.cli import main
from graph.corpus import LARGE_BUILD, build_store, rdflib_select, turtle
from graph.namespace import PK, mint
from graph.reconcile import reconcile
from graph.shapes_sparql import violations
from graph.validate import check_turtle, validate
from graph.workflow import analyse_files

pytestmark = pytest.mark.slow  # synthetic corpus builds in fresh processes

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "synth_corpus.py"


def synth(n: int, directory: Path, seed: int = 11) -> list[Path]:
    subprocess.run(
        [sys.executable, str(SCRIPT), str(n), str(directory), "--seed", str(seed)], check=True
    )
    return sorted(directory.glob("*.txt"))


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, registry):
    directory = tmp_path_factory.mktemp("corpus")
    paths = synth(4, directory)
    analyses = analyse_files(paths, registry)
    return directory, analyses


def test_synthetic_plans_read_back_as_written(small_corpus, registry) -> None:
    directory, analyses = small_corpus
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    assert len(analyses) == 2 * len(manifest)
    for entry in manifest:
        for a in (a for a in analyses if a.source.plan_id == entry["plan"]):
            assert a.unresolved == [] and a.jurisdiction == entry["jurisdiction"]
            facts = {f.task.number: f for f in a.facts}
            for task in entry["tasks"]:
                f = facts[task["number"]]
                got = {
                    role: [
                        a.resolutions[b.printed].agency.function for b in f.bodies if b.role == role
                    ]
                    for role in ("Lead", "CoResponsible", "Cooperating", "Supporting")
                }
                assert got["Lead"] == task["lead"], (a.source.path, task["number"])
                assert got["CoResponsible"] == task["co"], (a.source.path, task["number"])
                assert got["Cooperating"] == task.get("Cooperating", [])
                assert got["Supporting"] == task.get("Supporting", [])
                assert f.open_list == task["open_list"]


def test_oxigraph_path_writes_the_same_graph(small_corpus, registry) -> None:
    _, analyses = small_corpus
    disagreements = reconcile(analyses)
    small = build_graph(analyses, registry, disagreements)
    store = build_store(analyses, registry, disagreements)
    large = Graph().parse(data=turtle(store).decode("utf-8"), format="turtle")
    assert len(large) == len(small)
    # Oxigraph writes decimals in canonical form ("35" where rdflib keeps "35.0"): same value
    assert isomorphic(canonical(large), canonical(small))


def canonical(g: Graph) -> Graph:
    from rdflib.namespace import XSD  # not at module level: pytest probes module attributes

    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def test_sparql_shapes_agree_with_pyshacl(analysed_graph: Graph) -> None:
    assert validate(analysed_graph).conforms
    assert violations(rdflib_select(analysed_graph)) == []
    on_oxigraph = check_turtle(analysed_graph.serialize(format="turtle"))  # what a build runs
    assert on_oxigraph.conforms and on_oxigraph.violations == 0


def first(g: Graph, cls) -> URIRef:
    return min(g.subjects(RDF.type, cls))


# A node of each class the breakages below touch, and the nodes they name.
SHAPED = [PK.Disagreement, PK.SourceDefect, PK.Agency, PK.Responsibility, PK.Target]
SHAPED += [PK.Quantity, PK.Mention, PK.Score, PK.Cluster, PK.Clustering]
NAMED = [mint("henan-2023", "task", "7"), mint("henan-2023", "task", "11")]
NAMED += [mint("henan-2023", "task", "7", "responsibility", "en-1"), mint("place", "zhengzhou")]


def closure(g: Graph, seeds: list) -> Graph:
    """The triples of the seeds and of every node they lead to (not through rdf:type)."""
    out, todo, seen = Graph(), list(seeds), set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in g.triples((node, None, None)):
            out.add((s, p, o))
            if not isinstance(o, Literal) and p != RDF.type:
                todo.append(o)
    return out


@pytest.fixture(scope="module")
def shaped_graph(analysed_graph: Graph) -> Graph:
    """A sixth of the analysed Henan graph that still holds every shaped class: the breakage
    checks run pyshacl and the SPARQL checks 28 times, at 6 s of CPU a time on the whole."""
    g = closure(analysed_graph, NAMED + [first(analysed_graph, cls) for cls in SHAPED])
    assert all(first(g, cls) for cls in SHAPED) and len(g) < len(analysed_graph) / 4
    return g


def drop(prop, cls):
    """Remove prop from the first node of class cls."""
    return lambda g: g.remove((first(g, cls), prop, None))


def put(prop, cls, value):
    """Give the first node of class cls the value of prop instead of its own."""
    return lambda g: g.set((first(g, cls), prop, value))


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (
            lambda g: g.remove((None, PK.taskNumber, None)),
            "minCount/maxCount on https://w3id.org/plankg/def#taskNumber",
        ),
        (
            lambda g: g.add((mint("henan-2023", "task", "11"), PK.openList, Literal(True))),
            "openList",
        ),
        (
            lambda g: g.add(
                (mint("henan-2023", "task", "7", "responsibility", "en-1"), PK.role, PK.Task)
            ),
            "in on",
        ),
        (
            lambda g: g.add((mint("henan-2023", "task", "7"), PK.taskNumber, Literal("seven"))),
            "taskNumber",
        ),
        (lambda g: g.add((mint("place", "zhengzhou"), PK.sourceStart, Literal(5))), None),
        (drop(PK.disagreementTask, PK.Disagreement), "minCount/maxCount on " + PK.disagreementTask),
        (put(PK.disagreementType, PK.Disagreement, PK["defect-lost-text"]), "in on " + PK.disagreementType),
        (put(PK.disagreementKind, PK.Disagreement, Literal("lost text")), "in on " + PK.disagreementKind),
        (drop(PK.statedIn, PK.Disagreement), "minCount/maxCount on " + PK.statedIn),
        (put(PK.disagreementAgency, PK.Disagreement, mint("place", "zhengzhou")), "class on " + PK.disagreementAgency),
        (drop(PK.defectType, PK.SourceDefect), "minCount/maxCount on " + PK.defectType),
        (drop(PK.agencyType, PK.Agency), "minCount/maxCount on " + PK.agencyType),
        (put(PK.agencyKind, PK.Agency, Literal("ministry")), "in on " + PK.agencyKind),
        (put(PK.resolutionMethod, PK.Responsibility, PK["measure-core"]), "in on " + PK.resolutionMethod),
        (drop(PK.targetYear, PK.Target), "minCount/maxCount on " + PK.targetYear),
        (put(PK.targetYear, PK.Target, Literal("2025")), "datatype on " + PK.targetYear),
        (drop(PK.text, PK.Quantity), "minCount/maxCount on " + PK.text),
        (drop(PK.refersTo, PK.Mention), "minCount/maxCount on " + PK.refersTo),
        (put(PK.rank, PK.Score, Literal(0)), "minInclusive on " + PK.rank),
        (put(PK.measureType, PK.Score, PK["defect-lost-text"]), "in on " + PK.measureType),
        (drop(PK.score, PK.Score), "minCount/maxCount on " + PK.score),
        (put(PK.stability, PK.Cluster, Literal(Decimal("1.5"))), "maxInclusive on " + PK.stability),
        (put(PK.clusterLead, PK.Cluster, mint("sector", "cement")), "class on " + PK.clusterLead),
        (drop(PK.inClustering, PK.Cluster), "minCount/maxCount on " + PK.inClustering),
        (put(PK.runs, PK.Clustering, Literal(0)), "minInclusive on " + PK.runs),
        (drop(PK.seed, PK.Clustering), "minCount/maxCount on " + PK.seed),
    ],
)  # fmt: skip
def test_both_validators_catch_the_same_breakage(shaped_graph: Graph, break_it, expected) -> None:
    g = Graph()
    for triple in shaped_graph:
        g.add(triple)
    break_it(g)
    pyshacl_conforms = validate(g).conforms
    found = violations(rdflib_select(g))
    assert pyshacl_conforms == (not found)
    on_oxigraph = check_turtle(g.serialize(format="turtle"))  # the build's own check
    assert on_oxigraph.conforms == pyshacl_conforms
    assert sorted(on_oxigraph.text.splitlines()) == (sorted(found) or [on_oxigraph.text])
    if expected:
        assert not pyshacl_conforms
        assert any(expected in line for line in found), found


def test_corpus_build_from_the_cli_is_stable(tmp_path: Path) -> None:
    paths = synth(LARGE_BUILD // 2 + 1, tmp_path / "plans", seed=3)
    assert len(paths) > LARGE_BUILD
    outputs = []
    for name in ("a", "b"):
        result = CliRunner().invoke(
            main, ["build", *map(str, paths), "--strict", "-o", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
        assert "corpus build" in result.output
        outputs.append((tmp_path / name / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]
    g = Graph().parse(data=outputs[0].decode("utf-8"), format="turtle")
    assert len(set(g.subjects(predicate=PK.ofPlan))) == len(paths)
    report = (tmp_path / "a" / "report.md").read_text(encoding="utf-8")
    assert "Conforms: yes" in report and "| pk:Task |" in report
