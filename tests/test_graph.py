"""The built graph: contract vocabulary, SHACL, golden file, same bytes every build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from graph.analysis.burden import MEASURES
from graph.analysis.centrality import CENTRALITY_MEASURES
from graph.build import serialize
from graph.io import read_ontology
from graph.namespace import KINDS, PK, kind_concept, mint
from graph.validate import validate

from .conftest import HENAN_EN, TESTS

GOLDEN = TESTS / "golden" / "henan-2023.ttl"
CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "tools" / "check_contract.py"


def test_namespace_matches_ontology() -> None:
    onto = Graph().parse(Path(__file__).resolve().parents[1] / "ontology" / "plan.ttl")
    declared = {
        s for s in onto.subjects() if str(s).startswith(str(PK._NS)) and (s, None, None) in onto
    }
    in_module = {PK[name] for name in [*PK.__annotations__, *PK._extras]}
    assert in_module == declared
    for term in declared:
        labels = {
            label.language
            for label in [*onto.objects(term, RDFS.label), *onto.objects(term, SKOS.prefLabel)]
        }
        assert {"en", "zh"} <= labels, (term, labels)


@pytest.mark.slow  # RDFS closure of the whole analysed graph (owlrl)
def test_graph_conforms_under_rdfs_entailment(analysed_graph: Graph) -> None:
    """What an RDFS reasoner infers from plan.ttl's domains and ranges breaks no shape."""
    result = validate(analysed_graph, inference="rdfs")
    assert result.conforms, result.text
    assert result.violations == 0


@pytest.mark.slow  # RDFS closure of the whole analysed graph (owlrl)
def test_rdfs_infers_no_class_the_build_did_not_write(analysed_graph: Graph) -> None:
    """Every pk: class a reasoner gives a node is one the build wrote or a superclass of one
    (a property used on two classes has their common superclass as domain, or none)."""
    from owlrl import DeductiveClosure, RDFS_Semantics  # pyshacl's reasoner

    closed = Graph()
    for triple in analysed_graph:
        closed.add(triple)
    DeductiveClosure(RDFS_Semantics).expand(closed)
    onto = Graph().parse(data=read_ontology("plan.ttl"), format="turtle")

    def pk_classes(g: Graph, node) -> set:
        return {c for c in g.objects(node, RDF.type) if str(c).startswith(str(PK._NS))}

    wrong = {}
    checked = 0
    for node in set(analysed_graph.subjects()):
        if (node, None, None) in onto:
            continue  # the vocabulary itself
        written = pk_classes(analysed_graph, node)
        allowed = {sup for c in written for sup in onto.transitive_objects(c, RDFS.subClassOf)}
        if extra := pk_classes(closed, node) - allowed:
            wrong[node] = extra
        checked += 1
    assert checked > 1000
    assert wrong == {}


def test_kinds_are_concepts_of_their_schemes() -> None:
    """plan.ttl has one concept per kind string, named from it, its notation that string."""
    onto = Graph().parse(data=read_ontology("plan.ttl"), format="turtle")
    schemes = {
        "defect": PK.DefectKindScheme,
        "disagreement": PK.DisagreementKindScheme,
        "agency-kind": PK.AgencyKindScheme,
        "resolved-by": PK.ResolutionScheme,
        "measure": PK.MeasureScheme,
    }
    assert set(schemes) == set(KINDS)
    for prefix, scheme in schemes.items():
        assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
        members = set(onto.subjects(SKOS.inScheme, scheme))
        assert members == {kind_concept(prefix, kind) for kind in KINDS[prefix]}, prefix
        for kind in KINDS[prefix]:
            concept = kind_concept(prefix, kind)
            assert (concept, RDF.type, SKOS.Concept) in onto
            assert [str(n) for n in onto.objects(concept, SKOS.notation)] == [kind]
    assert list(KINDS["measure"]) == [*MEASURES, *CENTRALITY_MEASURES]
    with pytest.raises(KeyError, match="not a defect kind"):
        kind_concept("defect", "smudged page")


@pytest.mark.parametrize(
    ("string", "concept"),
    [
        (PK.defectKind, PK.defectType),
        (PK.disagreementKind, PK.disagreementType),
        (PK.agencyKind, PK.agencyType),
        (PK.resolvedBy, PK.resolutionMethod),
        (PK.measure, PK.measureType),
    ],
)
def test_each_kind_string_has_its_concept(analysed_graph: Graph, string, concept) -> None:
    """Where the build writes a kind as a string it links the concept of that notation."""
    pairs = {
        (str(value), analysed_graph.value(node, concept))
        for node, value in analysed_graph.subject_objects(string)
    }
    assert pairs, string  # every kind property is used by the Henan build
    for kind, linked in pairs:
        assert linked is not None and str(analysed_graph.value(linked, SKOS.notation)) == kind
    nodes = set(analysed_graph.subjects(string, None))
    assert nodes == set(analysed_graph.subjects(concept, None))


def test_shapes_allow_exactly_the_kinds() -> None:
    """The sh:in lists of ontology/shapes.ttl are the kinds of graph/namespace.py."""
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    shapes = Graph().parse(data=read_ontology("shapes.ttl"), format="turtle")
    by_path = {
        shapes.value(prop, SH.path): [*Collection(shapes, shapes.value(prop, SH["in"]))]
        for prop in shapes.subjects(SH["in"], None)
    }
    for prefix, string, concept in [
        ("defect", PK.defectKind, PK.defectType),
        ("disagreement", PK.disagreementKind, PK.disagreementType),
        ("agency-kind", PK.agencyKind, PK.agencyType),
        ("resolved-by", PK.resolvedBy, PK.resolutionMethod),
        ("measure", PK.measure, PK.measureType),
    ]:
        assert sorted(map(str, by_path[string])) == sorted(KINDS[prefix])
        assert sorted(by_path[concept]) == sorted(kind_concept(prefix, k) for k in KINDS[prefix])


def test_graph_conforms(henan_graph: Graph, bilingual_graph: Graph) -> None:
    for g in (henan_graph, bilingual_graph):
        result = validate(g)
        assert result.conforms, result.text
        assert result.violations == 0


def test_one_plan_two_versions(bilingual_graph: Graph) -> None:
    plans = set(bilingual_graph.subjects(RDF.type, PK.Plan))
    assert plans == {mint("henan-2023")}
    titles = {
        t.language: str(t) for t in bilingual_graph.objects(mint("henan-2023"), DCTERMS.title)
    }
    assert titles["zh"] == "河南省减污降碳协同增效行动方案"
    assert len(set(bilingual_graph.subjects(RDF.type, PK.Task))) == 31
    task19 = mint("henan-2023", "task", "19")
    ee = mint("henan", "agency", "ecology-environment")
    assert (task19, PK.ledBy, ee) in bilingual_graph  # only the Chinese note names the lead
    leads = [
        r
        for r in bilingual_graph.subjects(PK.task, task19)
        if bilingual_graph.value(r, PK.role) == PK.Lead
    ]
    assert [bilingual_graph.value(r, PK.statedIn) for r in leads] == [
        mint("henan-2023", "source", "zh")
    ]
    kinds = {
        str(bilingual_graph.value(d, PK.disagreementKind))
        for d in bilingual_graph.objects(task19, PK.hasDisagreement)
    }
    assert kinds == {"note cut", "lead missing", "title missing"}


def test_graph_counts(henan_graph: Graph) -> None:
    tasks = set(henan_graph.subjects(RDF.type, PK.Task))
    assert len(tasks) == 31
    numbers = sorted(str(henan_graph.value(t, PK.taskNumber)) for t in tasks)
    assert numbers == sorted([str(n) for n in range(1, 29)] + ["G1", "G2", "G3"])
    task7 = mint("henan-2023", "task", "7")
    assert task7 in tasks
    ee = mint("henan", "agency", "ecology-environment")
    assert (task7, PK.coResponsible, ee) in henan_graph
    assert (task7, PK.involves, ee) in henan_graph
    assert (ee, SKOS.prefLabel, Literal("河南省生态环境厅", lang="zh")) in henan_graph
    assert (
        ee,
        SKOS.altLabel,
        Literal("Provincial Department of Ecological Environment", lang="en"),
    ) in henan_graph
    zhengzhou = mint("place", "zhengzhou")
    assert (zhengzhou, OWL.sameAs, None) in henan_graph
    assert (mint("henan-2023", "task", "26"), PK.openList, Literal(True)) in henan_graph


def test_every_fact_points_to_its_source(henan_graph: Graph) -> None:
    text = HENAN_EN.read_text(encoding="utf-8")
    checked = 0
    for r in henan_graph.subjects(RDF.type, PK.Responsibility):
        start = henan_graph.value(r, PK.sourceStart).toPython()
        end = henan_graph.value(r, PK.sourceEnd).toPython()
        assert text[start:end] == str(henan_graph.value(r, PK.printedName))
        checked += 1
    assert checked > 200
    for m in henan_graph.subjects(RDF.type, PK.Mention):
        start = henan_graph.value(m, PK.sourceStart).toPython()
        end = henan_graph.value(m, PK.sourceEnd).toPython()
        assert text[start:end] == str(henan_graph.value(m, PK.text))


def test_golden(bilingual_graph: Graph, request: pytest.FixtureRequest) -> None:
    """The bilingual Henan graph, triple for triple."""
    if request.config.getoption("--update-golden"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(serialize(bilingual_graph), encoding="utf-8")
    golden = Graph().parse(GOLDEN)
    if not isomorphic(golden, bilingual_graph):
        _, only_golden, only_built = graph_diff(
            to_isomorphic(golden), to_isomorphic(bilingual_graph)
        )
        lines = sorted(only_golden.serialize(format="nt").splitlines())[:10]
        lines += ["--- only in this build:"] + sorted(
            only_built.serialize(format="nt").splitlines()
        )[:10]
        pytest.fail(
            "graph differs from tests/golden (rerun with --update-golden if intended):\n"
            + "\n".join(lines)
        )


def test_serialize_writes_rdflibs_turtle_byte_for_byte(bilingual_graph: Graph) -> None:
    """build.serialize remembers rdflib's lookups but must write what rdflib writes: the
    golden file's bytes from the golden graph, and rdflib's bytes for the built graph and for
    a graph with blank nodes and a list (the ontology's restrictions)."""
    text = serialize(bilingual_graph)
    assert text == bilingual_graph.serialize(format="turtle")
    golden = GOLDEN.read_text(encoding="utf-8")
    assert serialize(Graph().parse(data=golden, format="turtle")) == golden
    odd = Graph().parse(
        data="""@prefix ex: <http://example.org/> .
        ex:a ex:p [ ex:q ( 1 "two"@en ex:b ) ] ; ex:r "x\\ny", 2.50, true ; a ex:C .
        [] ex:s ex:a .""",
        format="turtle",
    )
    assert serialize(odd) == odd.serialize(format="turtle")


def build_twice(tmp_path: Path, seed: str) -> bytes:
    out = tmp_path / seed
    env = {"PYTHONHASHSEED": seed, "PATH": ""}
    subprocess.run(
        [sys.executable, "-m", "graph.cli", "build", str(HENAN_EN), "-o", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    return (out / "graph.ttl").read_bytes() + (out / "report.md").read_bytes()


@pytest.mark.slow  # two builds in fresh processes
def test_same_input_same_bytes(tmp_path: Path) -> None:
    assert build_twice(tmp_path, "1") == build_twice(tmp_path, "2")


@pytest.mark.skipif(
    not CONTRACT.exists(), reason="../shared/tools/check_contract.py not beside the checkout"
)
def test_contract_tool(tmp_path: Path, henan_graph: Graph) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text(serialize(henan_graph), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(CONTRACT), str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert "15/15 promises hold" in result.stdout
