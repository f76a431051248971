"""Corpus builds: the synthetic corpus, the Oxigraph path and the SPARQL form of the shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from graph.build import build_graph
from graph.cli import main
from graph.corpus import LARGE_BUILD, build_store, rdflib_select, turtle
from graph.namespace import PK, mint
from graph.reconcile import reconcile
from graph.service import analyse_files
from graph.shapes_sparql import violations
from graph.validate import validate

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


def test_sparql_shapes_agree_with_pyshacl(bilingual_graph: Graph) -> None:
    assert validate(bilingual_graph).conforms
    assert violations(rdflib_select(bilingual_graph)) == []


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
    ],
)
def test_both_validators_catch_the_same_breakage(
    bilingual_graph: Graph, break_it, expected
) -> None:
    g = Graph()
    for triple in bilingual_graph:
        g.add(triple)
    break_it(g)
    pyshacl_conforms = validate(g).conforms
    found = violations(rdflib_select(g))
    assert pyshacl_conforms == (not found)
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
