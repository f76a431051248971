"""Validate a graph against ontology/shapes.ttl: with pyshacl (`validate`, the reference, and
`plankg validate`), or with the SPARQL form of the shapes on Oxigraph (`check_store` on the
`turtle_store` of the Turtle a build writes: the same verdict, tests hold the two to it, in a
tenth of the time)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Graph
from rdflib.namespace import RDF

from .errors import PlankgError
from .io import read_ontology
from .namespace import PK


@dataclass(frozen=True)
class Validation:
    conforms: bool
    violations: int
    text: str


class NotPlanGraph(PlankgError, ValueError):
    """The graph is not one plankg built: the shapes would find nothing to check in it."""


def plan_graph_problem(g: Graph) -> str | None:
    """Why g is not a plankg graph (empty, or no pk:Plan in it), or None if it is one."""
    if len(g) == 0:
        return "empty graph (no triples), not a plankg graph: build one with `plankg build`"
    if (None, RDF.type, PK.Plan) not in g:
        return (
            f"not a plankg graph: none of its {len(g)} triples declares a pk:Plan "
            "(validate the graph.ttl that `plankg build` writes)"
        )
    return None


def validate(g: Graph, inference: str = "none", source: str | None = None) -> Validation:
    """SHACL report of g against the project's shapes. inference="none" checks the triples as
    written; "rdfs" checks them as an RDFS reasoner sees them, with ontology/plan.ttl as the
    ontology, so a domain or range that would give a node a wrong class shows up as a
    violation. Raises NotPlanGraph for a graph with no plan in it, which would "conform";
    its message starts with `source` (the file g was read from) where given."""
    problem = plan_graph_problem(g)
    if problem:
        raise NotPlanGraph(f"{source}: {problem}" if source else problem)
    from pyshacl import validate as shacl  # heavy import, only when validating
    from rdflib.namespace import SH

    shapes = Graph().parse(data=read_ontology("shapes.ttl"), format="turtle")
    ontology = (
        Graph().parse(data=read_ontology("plan.ttl"), format="turtle")
        if inference != "none"
        else None
    )
    conforms, report, text = shacl(
        g, shacl_graph=shapes, ont_graph=ontology, inference=inference, allow_warnings=True
    )
    violations = len(list(report.subjects(predicate=SH.resultSeverity)))
    return Validation(bool(conforms), violations, str(text))


SPARQL_CONFORMS = "Conforms (SPARQL checks of ontology/shapes.ttl on Oxigraph)"


def turtle_store(turtle: str | bytes) -> Any:
    """An in-memory Oxigraph store holding the graph written as `turtle`."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(
        turtle.encode("utf-8") if isinstance(turtle, str) else turtle, ox.RdfFormat.TURTLE
    )
    return store


def check_store(store: Any, threads: int = 2) -> Validation:
    """The store checked by the SPARQL form of the shapes (graph/shapes_sparql.py). Its
    `violations` counts the violating focus nodes found, at most 5 per constraint; its text
    names them, one a line."""
    from .corpus import oxigraph_select
    from .shapes_sparql import violations

    broken = violations(oxigraph_select(store), threads=threads)
    return Validation(not broken, len(broken), "\n".join(broken) if broken else SPARQL_CONFORMS)


def check_turtle(turtle: str | bytes, threads: int = 2) -> Validation:
    """`check_store` of the graph written as `turtle` (what a build is about to write as
    graph.ttl), loaded into Oxigraph."""
    return check_store(turtle_store(turtle), threads)
