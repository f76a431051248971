"""What a SPARQL query gives, whatever the engine: RDF terms, answers, the errors a query can
raise and the prefixes every query may use. A leaf: `query`, `engines` and `sparql_syntax`
all read these types, and it imports none of them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .errors import PlankgError

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
REALS = {XSD + t for t in ("decimal", "double", "float")}


class QueryError(PlankgError):
    """A query that cannot run: bad parameters, an unreadable graph, an engine failure."""


class QuerySyntaxError(QueryError):
    """A query that does not parse, with the line and column (from 1) where it breaks."""

    def __init__(self, line: int, column: int, message: str, where: str = ""):
        self.line, self.column, self.message, self.where = line, column, message, where
        super().__init__(line, column, message)

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}syntax error at line {self.line}, column {self.column}: {self.message}"


@functools.cache
def prefix_map() -> dict[str, str]:
    """The prefixes every query may use without declaring them (plus `id:` for instances)."""
    from .namespace import INSTANCES, PREFIXES  # imports rdflib: not at `plankg --help` time

    return {name: str(ns) for name, ns in PREFIXES.items()} | {"id": INSTANCES}


class Term(NamedTuple):
    """An RDF term as both engines give it: kind is "iri", "bnode" or "literal"."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("iri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        if lang:
            return cls("literal", value, RDF_LANGSTRING, lang.lower())
        return cls("literal", value, datatype or XSD_STRING)

    def plain(self) -> Any:
        """The Python value: int, float or bool for numbers and booleans, else the text."""
        if self.kind != "literal":
            return self.value
        try:
            if self.datatype in INTEGERS:
                return int(self.value)
            if self.datatype in REALS:
                return float(self.value)
        except ValueError:
            return self.value
        if self.datatype == XSD + "boolean":
            return self.value in ("true", "1")
        return self.value

    def compact(self) -> Any:
        """For people: an IRI as a prefixed name where a project prefix covers it."""
        if self.kind == "iri":
            for name, namespace in prefix_map().items():
                if self.value.startswith(namespace) and len(self.value) > len(namespace):
                    return f"{name}:{self.value[len(namespace) :]}"
        return self.plain()


@dataclass
class Answer:
    """What a query gives: rows (SELECT), a boolean (ASK) or Turtle (CONSTRUCT, DESCRIBE)."""

    form: str  # "rows", "boolean" or "graph"
    engine: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    turtle: str = ""

    def records(self, compact: bool = False) -> list[dict[str, Any]]:
        """Rows as dicts of plain values; compact=True shows IRIs as prefixed names."""
        value = Term.compact if compact else Term.plain
        return [
            {v: None if t is None else value(t) for v, t in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]
