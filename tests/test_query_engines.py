"""rdflib and Oxigraph give the same answers; parameters are data; errors say where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from graph.engines import AUTO_OXIGRAPH_BYTES, Engine
from graph.errors import PlanError
from graph.named import named_queries
from graph.query import (
    XSD,
    QueryError,
    QuerySyntaxError,
    Term,
    open_graph,
    parse_value,
    run_query,
    to_dataframe,
)

from .query_support import (  # noqa: F401
    ID,
    answer_set,
    corpus_file_fixture,
    henan_file_fixture,
    normal,
)

PK = "https://w3id.org/plankg/def#"
EE = "id:henan/agency/ecology-environment"
INJECTION = 'x" } DROP ALL #'
# every named query with its defaults, plus each parameter set to a value with answers
CASES = [(q.name, {}) for q in named_queries() if not any(p.required for p in q.params)] + [
    ("tasks-led-by", {"agency": EE}),
    ("agencies-sharing-tasks", {"agency": EE}),
    ("tasks-naming-city", {"city": "id:place/luoyang"}),
    ("agencies-per-sector", {"within": "id:sector/industry"}),
    ("function-across-plans", {"function": "id:function/development-reform"}),
    ("most-burdened-agencies", {"plan": "id:hubei-2023"}),
    ("language-disagreements", {"plan": "id:henan-2023"}),
]


@pytest.fixture(scope="module")
def both(henan_file: Path) -> dict[str, Engine]:
    """The Henan graph loaded once into each engine."""
    return {name: open_graph(henan_file, name) for name in ("rdflib", "oxigraph")}


@pytest.fixture(scope="module", params=["henan_file", "corpus_file"])
def engines(request) -> dict[str, Engine]:
    path = request.getfixturevalue(request.param)
    return {name: open_graph(path, name) for name in ("rdflib", "oxigraph")}


@pytest.mark.parametrize("name, params", CASES, ids=[f"{n}{sorted(p)}" for n, p in CASES])
def test_named_queries_agree(engines: dict[str, Engine], name: str, params: dict) -> None:
    rdflib_answer = run_query(name, engines["rdflib"], params)
    oxigraph_answer = run_query(name, engines["oxigraph"], params)
    assert (rdflib_answer.engine, oxigraph_answer.engine) == ("rdflib", "oxigraph")
    assert answer_set(rdflib_answer) == answer_set(oxigraph_answer)


def test_the_comparison_can_tell_answers_apart(engines: dict[str, Engine]) -> None:
    led = run_query("tasks-led-by", engines["oxigraph"], {"agency": EE})
    other = run_query("tasks-led-by", engines["rdflib"], {"agency": "id:henan/agency/transport"})
    assert answer_set(led) != answer_set(other)
    assert normal(Term.literal("90")) != normal(Term.literal("90", XSD + "integer"))
    assert normal(Term.literal("90.0", XSD + "decimal")) == normal(
        Term.literal("90", XSD + "integer")
    )


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_ask_construct_describe(both: dict[str, Engine], engine: str) -> None:
    henan = both[engine]
    ask = run_query("ASK { ?task pk:openList true }", henan)
    assert (ask.form, ask.boolean) == ("boolean", True)
    no = run_query("ASK { ?task pk:ledBy ?a ; pk:taskNumber '2' }", henan)
    assert no.boolean is False
    built = run_query("CONSTRUCT { ?task pk:ledBy ?a } WHERE { ?task pk:ledBy ?a }", henan)
    assert built.form == "graph" and "@prefix pk:" in built.turtle
    g = Graph().parse(data=built.turtle, format="turtle")
    assert len(g) == 10
    described = run_query("DESCRIBE id:henan-2023", henan)
    plan = URIRef(ID + "henan-2023")
    title = (
        Graph()
        .parse(data=described.turtle, format="turtle")
        .value(plan, URIRef("http://purl.org/dc/terms/title"))
    )
    assert str(title).startswith("Henan Provincial Action Plan for Pollution Reduction")


def test_construct_is_the_same_graph_on_both(both: dict[str, Engine]) -> None:
    text = "CONSTRUCT { ?r pk:agency ?a } WHERE { ?r pk:role pk:Lead ; pk:agency ?a }"
    graphs = [
        Graph().parse(data=run_query(text, engine).turtle, format="turtle")
        for engine in both.values()
    ]
    assert len(graphs[0]) == 10 and isomorphic(*graphs)


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-triple graph whose labels look like SPARQL."""
    g = Graph()
    g.add((URIRef("urn:x:one"), RDFS.label, Literal(INJECTION)))
    g.add((URIRef("urn:x:two"), RDFS.label, Literal("two", lang="en")))
    path = tmp_path_factory.mktemp("tricky") / "graph.ttl"
    g.serialize(path, format="turtle")
    return path


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_parameters_are_data_not_query_text(tricky: Path, engine: str) -> None:
    runner = open_graph(tricky, engine)
    text = "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label }"
    got = run_query(text, runner, {"label": INJECTION}).records()
    assert got == [{"thing": "urn:x:one", "label": INJECTION}]
    assert run_query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", runner).records() == [{"n": 2}]
    assert run_query(text, runner, {"label": '"two"@en'}).records()[0]["thing"] == "urn:x:two"
    assert run_query(text, runner, {"label": "two"}).records() == []  # "two" is not "two"@en
    with pytest.raises(QueryError, match="expects an IRI"):
        run_query("tasks-led-by", runner, {"agency": INJECTION})


def test_parameter_values() -> None:
    assert parse_value("pk:Lead") == Term.iri(PK + "Lead")
    assert parse_value(f"<{PK}Lead>") == Term.iri(PK + "Lead")
    assert parse_value("id:place/zhengzhou") == Term.iri(ID + "place/zhengzhou")
    assert parse_value("nope:Lead") == Term.literal("nope:Lead")
    assert parse_value('"2025"^^xsd:gYear').datatype == "http://www.w3.org/2001/XMLSchema#gYear"
    assert parse_value("https://example.org/a", "iri") == Term.iri("https://example.org/a")
    assert parse_value("7", "integer").plain() == 7
    assert parse_value("pk:Lead", "string") == Term.literal("pk:Lead")
    for value, kind in [("seven", "integer"), ("2023-13-01", "date"), ("maybe", "boolean")]:
        with pytest.raises(QueryError, match=f"expects {kind}"):
            parse_value(value, kind)


def test_parameter_literals_are_read_as_n3() -> None:
    assert parse_value('"two"') == Term.literal("two")  # the quotes are N3's, not the value's
    assert parse_value('"say \\"two\\""@EN') == Term.literal('say "two"', lang="en")
    assert parse_value('"\\u4e2d"@zh') == Term.literal("中", lang="zh")
    assert parse_value('"x"^^<urn:x:type>') == Term.literal("x", "urn:x:type")
    # what is not written as an IRI or a literal stays a plain string, never a blank node
    for text in ("42", "true", "_:b", "<not an iri>", '"open', "中文"):
        assert parse_value(text) == Term.literal(text)


@pytest.mark.parametrize(
    "text, complaint",
    [
        ('"x"^^nope:type', "unknown datatype"),
        ('"x"^^type', "unknown datatype"),
        ('"\\N{nothing}"@en', "bad escape"),
    ],
)
def test_bad_parameter_literals_say_why(text: str, complaint: str) -> None:
    with pytest.raises(QueryError, match=f"--param value: .*{complaint}"):
        parse_value(text)


@pytest.mark.parametrize(
    "params, complaint",
    [
        ({}, "tasks-led-by needs --param agency"),
        ({"agency": EE, "plan": "id:henan-2023"}, "has no parameter 'plan'"),
    ],
)
def test_named_parameters_checked(henan_file: Path, params: dict, complaint: str) -> None:
    with pytest.raises(QueryError, match=complaint):
        run_query("tasks-led-by", henan_file, params)


def test_parameter_must_be_a_variable(henan_file: Path) -> None:
    with pytest.raises(QueryError, match=r"no variable \?agncy"):
        run_query("SELECT ?agency { ?t pk:ledBy ?agency }", henan_file, {"agncy": EE})


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_parameter_must_be_selected(both: dict[str, Engine], engine: str) -> None:
    text = "SELECT ?task WHERE { ?task pk:ledBy ?agency }"
    with pytest.raises(
        QueryError, match=r"\?agency must be one of the variables the query SELECTs"
    ):
        run_query(text, both[engine], {"agency": EE})


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize(
    "text, line, column, message",
    [
        ("SELECT ?x\nWHERE {\n  ?x a foo:Bar }", 3, 8, "unknown prefix 'foo:'"),
        ("SELECT ?x WHERE { ?x ?p }", 1, 26, "expected"),
        ("SELECT ?x WHERE {\n  ?x ?p ?o", 1, 17, "'{' is never closed"),
        (
            "SELECT ?x\nWHERE { ?x ?p ?y ) }",
            2,
            18,
            "')' does not close the '{' at line 2, column 7",
        ),
        ("ASK { ?x ?p ?o } }", 1, 18, "'}' closes nothing"),
        ("SELEKT ?x WHERE { ?x ?p ?o }", 1, 1, "expected"),
    ],
)
def test_syntax_errors_say_where(
    both: dict[str, Engine], engine: str, text: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        run_query(text, both[engine])
    err = caught.value
    assert (err.line, err.column) == (line, column)
    assert message in err.message and "\n" not in str(err)


def test_brackets_in_strings_iris_and_comments_are_text(henan_file: Path) -> None:
    text = 'ASK { ?x ?p "(" FILTER(?x = <urn:a#)>) # ]\n}'
    assert run_query(text, henan_file).boolean is False


def test_updates_are_refused(henan_file: Path) -> None:
    with pytest.raises(QueryError, match="does not run SPARQL updates"):
        run_query("PREFIX ex: <urn:x:>\nINSERT DATA { ex:a ex:b ex:c }", henan_file)


def test_auto_engine_by_size(henan_file: Path, tricky: Path, henan_graph: Graph) -> None:
    assert henan_file.stat().st_size >= AUTO_OXIGRAPH_BYTES > tricky.stat().st_size
    assert open_graph(henan_file).name == "oxigraph"
    assert open_graph(tricky).name == "rdflib"
    assert open_graph(henan_graph).name == "oxigraph"
    assert open_graph(Graph().parse(tricky)).name == "rdflib"


def test_unreadable_graphs(tmp_path: Path) -> None:
    """The one graph loader's errors: a PlanError naming the file, in one wording per engine."""
    with pytest.raises(PlanError, match=r"no such graph file \(run `plankg build` first\)"):
        open_graph(tmp_path / "graph.ttl")
    fine, broken = tmp_path / "fine.ttl", tmp_path / "broken.ttl"
    fine.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    broken.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    for engine in ("rdflib", "oxigraph"):
        with pytest.raises(PlanError, match=f"^{re.escape(str(broken))}: cannot read as RDF"):
            open_graph([fine, broken], engine)


def test_several_graph_files_are_read_together(tmp_path: Path) -> None:
    """Blank nodes stay apart per file: `_:x` in one file is not `_:x` in the other."""
    first, second = tmp_path / "a.ttl", tmp_path / "b.nt"
    first.write_text('_:x <urn:name> "a" .\n<urn:s> <urn:p> <urn:o> .\n', encoding="utf-8")
    second.write_text('_:x <urn:name> "b" .\n', encoding="utf-8")
    text = "SELECT (COUNT(DISTINCT ?who) AS ?n) (COUNT(*) AS ?all) WHERE { ?who <urn:name> ?v }"
    for engine in ("rdflib", "oxigraph"):
        got = run_query(text, [first, second], engine=engine).records()
        assert got == [{"n": 2, "all": 2}], engine
        assert run_query("ASK { <urn:s> <urn:p> <urn:o> }", [second, first], engine=engine).boolean


def test_to_dataframe(henan_graph: Graph, henan_file: Path, both: dict[str, Engine]) -> None:
    df = to_dataframe("most-burdened-agencies", henan_graph)
    assert list(df.columns)[:4] == ["plan", "agency", "name", "nameZh"]
    assert (df.loc[0, "name"], df.loc[0, "tasks"]) == (
        "Henan Provincial Department of Ecology and Environment",
        28,
    )
    led = to_dataframe("tasks-led-by", both["rdflib"], {"agency": EE})
    assert list(led["number"]) == ["1", "3", "10", "21", "G1"]
    with pytest.raises(QueryError, match="takes a SELECT query"):
        to_dataframe("ASK { ?s ?p ?o }", henan_file)
