"""Validate a graph against ontology/shapes.ttl with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .io import read_ontology


@dataclass(frozen=True)
class Validation:
    conforms: bool
    violations: int
    text: str


def validate(g: Graph) -> Validation:
    """SHACL report of g against the project's shapes (no inference: the graph is explicit)."""
    from pyshacl import validate as shacl  # heavy import, only when validating

    shapes = Graph().parse(data=read_ontology("shapes.ttl"), format="turtle")
    conforms, report, text = shacl(g, shacl_graph=shapes, inference="none", allow_warnings=True)
    from rdflib.namespace import SH

    violations = len(list(report.subjects(predicate=SH.resultSeverity)))
    return Validation(bool(conforms), violations, str(text))
