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
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engines import ENGINES, Engine, QueryTimeout, from_files, from_graph, within
from .io import DEFAULT_GRAPH, read_text
from .named import NamedQuery, find_named
from .sparql import XSD, Answer, QueryError, QuerySyntaxError, Term, prefix_map

if TYPE_CHECKING:
    import pandas
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager

__all__ = [  # the notebook's names, and the types of what they give
    "ENGINES",
    "Answer",
    "QueryError",
    "QuerySyntaxError",
    "QueryTimeout",
    "Term",
    "open_graph",
    "prefix_map",
    "run_query",
    "standalone",
    "to_dataframe",
]
TYPED = {"integer": XSD + "integer", "decimal": XSD + "decimal", "date": XSD + "date"}
PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:(\S*)")
LITERAL = re.compile(r'"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?', re.DOTALL)
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


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
        return read_text(arg, "query", "a query"), None
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


def open_graph(
    graph: Path | str | Sequence[Path | str] | Graph = DEFAULT_GRAPH, engine: str = "auto"
) -> Engine:
    """A loaded engine, to run many queries on one graph without reading it again: a graph
    file, several read together (graph.ttl and analysis.ttl), or an rdflib Graph."""
    if isinstance(graph, str | Path):
        return from_files([Path(graph)], engine)
    if isinstance(graph, Sequence):
        return from_files([Path(p) for p in graph], engine)
    return from_graph(graph, engine)


def run_query(
    query: str,
    graph: Path | str | Sequence[Path | str] | Graph | Engine = DEFAULT_GRAPH,
    params: Mapping[str, Any] | None = None,
    engine: str = "auto",
    timeout: float | None = None,
    allow_service: bool = False,
) -> Answer:
    """Run TEXT, FILE.rq or a named query's NAME against graph file(s), a Graph or an open engine.

    timeout: seconds before the query is stopped (QueryTimeout), None for no limit. A query
    calling SERVICE (another server, over the network) is refused unless allow_service.
    """
    text, named = resolve_query(query)
    bindings = bind(text, named, params)
    runner = graph if hasattr(graph, "run") else open_graph(graph, engine)  # type: ignore[arg-type]
    prefix_map()  # here, not in the query's child process and again here to print the answer
    try:
        return within(timeout, lambda: runner.run(text, bindings, allow_service))  # type: ignore[union-attr]
    except QuerySyntaxError as err:
        err.where = str(named.path) if named else query if text != query else ""
        raise


def to_dataframe(
    query: str,
    graph: Path | str | Sequence[Path | str] | Graph | Engine = DEFAULT_GRAPH,
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
