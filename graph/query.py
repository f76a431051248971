"""Ask the graph in SPARQL: one answer shape whatever the engine, parameters bound as RDF terms.

In a notebook:

    from graph.query import open_graph, run_query, to_dataframe
    henan = open_graph("out/graph.ttl")              # read once, query many times
    led = run_query("tasks-led-by", henan, {"agency": "id:henan/agency/ecology-environment"})
    [row["number"] for row in led.records()]         # the tasks it leads, in order
    to_dataframe("most-burdened-agencies", henan)    # a pandas DataFrame
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .named import NamedQuery, find_named

if TYPE_CHECKING:
    import pandas
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager

    from .engines import Engine

DEFAULT_GRAPH = Path("out/graph.ttl")
ENGINES = ("auto", "rdflib", "oxigraph")
# `auto` hands a graph file of this size or more to Oxigraph, smaller ones to rdflib. rdflib
# parses Turtle at about 2 MB/s and evaluates SPARQL in Python: measured end to end, a named
# query takes 0.45-0.95 s on the English Henan graph (0.57 MB) and 1.0-1.2 s on both versions
# (0.94 MB), against 0.13-0.35 s with Oxigraph, which loads 100 MB in seconds. Below 250 kB
# (a short plan, a test fixture) rdflib answers in under half a second.
AUTO_OXIGRAPH_BYTES = 250_000
# The same boundary for a graph already in memory (about 20 triples per kB of Turtle).
AUTO_OXIGRAPH_TRIPLES = 5_000

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
REALS = {XSD + t for t in ("decimal", "double", "float")}
TYPED = {"integer": XSD + "integer", "decimal": XSD + "decimal", "date": XSD + "date"}
PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:(\S*)")
LITERAL = re.compile(r'"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?', re.DOTALL)
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


class QueryError(Exception):
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


def standalone(text: str) -> str:
    """The query with a PREFIX line for each project prefix it uses, to run on any endpoint."""
    bare = re.sub(r'<[^<>"\s]*>|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*', " ", text)
    used = [
        f"PREFIX {name}: <{namespace}>"
        for name, namespace in sorted(prefix_map().items())
        if re.search(rf"(?<![\w?$.-]){name}:", bare)
        and not re.search(rf"PREFIX\s+{name}:", bare, re.I)
    ]
    return "\n".join([*used, text]) if used else text


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


def parse_value(text: str, kind: str | None = None, name: str = "value") -> Term:
    """A --param value as an RDF term, typed by the named query's header where it declares one.

    Untyped: `<...>` and prefixed names with a project prefix (pk:Lead) are IRIs, `"x"`,
    `"x"@en` and `"2025"^^xsd:gYear` are literals as written (rdflib's N3 term parser reads
    them), anything else a plain string literal. Typed `iri` also takes a bare absolute IRI.
    """
    if kind not in (None, "iri"):
        return typed_literal(text, kind, name)
    term = n3_term(text, name)
    if kind is None:
        return term or Term.literal(text)
    if term is not None and term.kind == "iri":
        return term
    if ABSOLUTE_IRI.fullmatch(text) and "://" in text:
        return Term.iri(text)
    raise QueryError(
        f"--param {name} expects an IRI: <...> or a prefixed name such as "
        f"id:henan/agency/ecology-environment; got {text!r}"
    )


@functools.cache
def namespaces() -> NamespaceManager:
    """The project prefixes, and no others, for rdflib's term parser."""
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager

    manager = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, namespace in prefix_map().items():
        manager.bind(prefix, namespace)
    return manager


def n3_term(text: str, name: str) -> Term | None:
    """text read by rdflib's `from_n3` where it is written as an N3 IRI (`<...>` absolute, or a
    name with a project prefix) or literal; None for any other text."""
    from rdflib.term import Literal
    from rdflib.util import from_n3

    prefixed = PREFIXED.fullmatch(text)
    if not (
        (text.startswith("<") and text.endswith(">") and ABSOLUTE_IRI.fullmatch(text[1:-1]))
        or (prefixed and (prefixed.group(1) or "") in prefix_map())
        or LITERAL.fullmatch(text)
    ):
        return None
    unknown = QueryError(f"--param {name}: unknown datatype in {text!r}")
    try:
        node = from_n3(text, nsm=namespaces())
    except KeyError:  # an unbound prefix, in the datatype: the value's own is checked above
        raise unknown from None
    except UnicodeDecodeError as err:
        raise QueryError(f"--param {name}: {text!r} has a bad escape ({err.reason})") from None
    if not isinstance(node, Literal):
        return Term.iri(str(node))
    datatype = node.datatype and str(node.datatype)
    if datatype and not ABSOLUTE_IRI.fullmatch(datatype):
        raise unknown
    return Term.literal(str(node), datatype, node.language)


def typed_literal(text: str, kind: str, name: str) -> Term:
    checks = {
        "integer": lambda t: str(int(t)),
        "decimal": lambda t: str(Decimal(t)),
        "boolean": lambda t: {"true": "true", "false": "false"}[t.lower()],
        "date": lambda t: datetime.date.fromisoformat(t).isoformat(),
        "string": lambda t: t,
    }
    try:
        lexical = checks[kind](text)
    except (ValueError, KeyError, InvalidOperation):
        raise QueryError(f"--param {name} expects {kind}; got {text!r}") from None
    return Term.literal(lexical, XSD + "boolean" if kind == "boolean" else TYPED.get(kind))


def resolve_query(arg: str) -> tuple[str, NamedQuery | None]:
    """The text of TEXT, FILE.rq or a named query's NAME, and the named query if it is one."""
    named = find_named(arg)
    if named:
        return named.text, named
    if arg.endswith((".rq", ".sparql")) and "{" not in arg:
        path = Path(arg)
        if not path.is_file():
            raise QueryError(f"{arg}: no such query file")
        return path.read_text(encoding="utf-8"), None
    if re.fullmatch(r"[a-z][a-z0-9-]*", arg):
        raise QueryError(f"no named query {arg!r} (`plankg query --list` shows them)")
    return arg, None


def bind(text: str, named: NamedQuery | None, params: Mapping[str, Any] | None) -> dict[str, Term]:
    """Parameters as RDF terms: checked against the header of a named query, defaults filled."""
    given = dict(params or {})
    bindings: dict[str, Term] = {}
    for name, value in given.items():
        declared = named.param(name) if named else None
        if named and not declared:
            known = ", ".join(p.name for p in named.params) or "none"
            raise QueryError(f"{named.name} has no parameter {name!r} (its parameters: {known})")
        if not re.search(rf"[?$]{re.escape(name)}\b", text):
            raise QueryError(f"--param {name}: the query has no variable ?{name}")
        bindings[name] = as_term(value, declared.type if declared else None, name)
    for p in named.params if named else ():
        if p.name not in bindings and p.required:
            raise QueryError(
                f"{query_name(named)} needs --param {p.name}=... ({p.type}): {p.description}"
            )
        if p.name not in bindings and p.default is not None:
            bindings[p.name] = parse_value(p.default, p.type, p.name)
    return bindings


def query_name(named: NamedQuery | None) -> str:
    return named.name if named else "the query"


def as_term(value: Any, kind: str | None, name: str) -> Term:
    if isinstance(value, Term):
        return value
    if isinstance(value, str):
        return parse_value(value, kind, name)
    from rdflib.term import Literal, URIRef  # an rdflib term from a notebook

    if isinstance(value, URIRef):
        return Term.iri(str(value))
    if isinstance(value, Literal):
        return Term.literal(str(value), value.datatype and str(value.datatype), value.language)
    return parse_value(str(value), kind, name)


def open_graph(graph: Path | str | Graph = DEFAULT_GRAPH, engine: str = "auto") -> Engine:
    """A loaded engine, to run many queries on one graph without reading it again."""
    from .engines import from_file, from_graph

    if isinstance(graph, str | Path):
        return from_file(Path(graph), engine)
    return from_graph(graph, engine)


def run_query(
    query: str,
    graph: Path | str | Graph | Engine = DEFAULT_GRAPH,
    params: Mapping[str, Any] | None = None,
    engine: str = "auto",
) -> Answer:
    """Run TEXT, FILE.rq or a named query's NAME against a graph file, Graph or open engine."""
    text, named = resolve_query(query)
    bindings = bind(text, named, params)
    runner = graph if hasattr(graph, "run") else open_graph(graph, engine)  # type: ignore[arg-type]
    try:
        return runner.run(text, bindings)  # type: ignore[union-attr]
    except QuerySyntaxError as err:
        err.where = str(named.path) if named else query if text != query else ""
        raise


def to_dataframe(
    query: str,
    graph: Path | str | Graph | Engine = DEFAULT_GRAPH,
    params: Mapping[str, Any] | None = None,
    engine: str = "auto",
) -> pandas.DataFrame:
    """A SELECT query's rows as a pandas DataFrame (IRIs as full strings), for notebooks.

    query is TEXT, FILE.rq or a named query's NAME; graph a file, an rdflib Graph or an
    engine from open_graph(); numbers come as int or float, unbound cells as None.
    """
    import pandas

    answer = run_query(query, graph, params, engine)
    if answer.form != "rows":
        raise QueryError("to_dataframe takes a SELECT query; this one gives a " + answer.form)
    return pandas.DataFrame(answer.records(), columns=answer.variables)
