"""Corpus builds: many plans into an Oxigraph store, where rdflib would take minutes and gigabytes.

A build of more than LARGE_BUILD source files writes the same triples as a small build (the
same `build.emit`), but into pyoxigraph as N-Triples, validates them with the SPARQL form of
the shapes (graph/shapes_sparql.py) and serialises them with Oxigraph. Tests build one small
corpus both ways and compare the graphs.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef

from .build import emit
from .io import read_ontology
from .namespace import PREFIXES
from .pipeline import SourceAnalysis
from .reconcile import Disagreement
from .registry import Registry
from .shapes_sparql import Select

LARGE_BUILD = 40  # source files; a build of more goes through Oxigraph
CHUNK = 200_000  # triples buffered before each bulk load


class NTriplesWriter:
    """A build.Sink that turns triples into N-Triples and bulk-loads them in chunks."""

    def __init__(self, store: Any):
        self.store = store
        self.lines: list[str] = []

    def add(self, triple: tuple[URIRef, URIRef, Any]) -> None:
        s, p, o = triple
        self.lines.append(f"<{s}> <{p}> {nt(o)} .\n")
        if len(self.lines) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        import pyoxigraph as ox

        if self.lines:
            self.store.bulk_load("".join(self.lines).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
            self.lines = []


ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt(term: Any) -> str:
    """A term in N-Triples (rdflib's n3() writes multi-line literals Turtle's way)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    text = f'"{str(term).translate(ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def build_store(
    analyses: list[SourceAnalysis], registry: Registry, disagreements: list[Disagreement]
) -> Any:
    """The vocabulary and every instance triple in an in-memory Oxigraph store."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(read_ontology("plan.ttl").encode("utf-8"), ox.RdfFormat.TURTLE)
    writer = NTriplesWriter(store)
    emit(writer, analyses, registry, disagreements)
    writer.flush()
    return store


def oxigraph_select(store: Any) -> Select:
    """SELECT rows from a store as {variable: lexical value}."""

    def select(query: str) -> list[dict[str, str]]:
        result = store.query(query)
        names = [v.value for v in result.variables]
        return [
            {n: row[n].value for n in names if row[n] is not None}
            for row in result  # type: ignore[union-attr]
        ]

    return select


def rdflib_select(g: Graph) -> Select:
    def select(query: str) -> list[dict[str, str]]:
        result = g.query(query)
        names = [str(v) for v in result.vars or []]
        return [
            {n: str(row[n]) for n in names if row[n] is not None}
            for row in result  # type: ignore[union-attr]
        ]

    return select


def turtle(store: Any) -> bytes:
    """The store as Turtle with the project's prefixes (Oxigraph writes it in a stable order)."""
    import pyoxigraph as ox

    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    prefixes["id"] = "https://w3id.org/plankg/id/"
    return store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes)
