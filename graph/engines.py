"""The two SPARQL engines behind `plankg query`: rdflib (pure Python) and Oxigraph (pyoxigraph).

Both take the query text and the parameters as RDF terms (rdflib's initBindings, Oxigraph's
substitutions), never as text pasted into the query, and give the same Answer.
"""

from __future__ import annotations

import os
import pickle
import re
import select
import signal
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import PlanError, PlankgError, one_line
from .io import graph_files, load_graph, open_input, rdf_format, unreadable
from .sparql import XSD_STRING, Answer, QueryError, Term, prefix_map
from .sparql_syntax import check_syntax

if TYPE_CHECKING:
    from rdflib import Graph

    from .cache import Cache

ENGINES = ("auto", "rdflib", "oxigraph")
# `auto` hands a graph file of this size or more to Oxigraph, smaller ones to rdflib. rdflib
# parses Turtle at about 2 MB/s and evaluates SPARQL in Python: measured end to end, a named
# query takes 0.45-0.95 s on the English Henan graph (0.57 MB) and 1.0-1.2 s on both versions
# (0.94 MB), against 0.13-0.35 s with Oxigraph, which loads 100 MB in seconds. Below 250 kB
# (a short plan, a test fixture) rdflib answers in under half a second. Several files count
# together.
AUTO_OXIGRAPH_BYTES = 250_000
# The same boundary for a graph already in memory (about 20 triples per kB of Turtle).
AUTO_OXIGRAPH_TRIPLES = 5_000


class Engine(Protocol):
    name: str
    cache: Cache | None

    def run(self, text: str, bindings: dict[str, Term], allow_service: bool = False) -> Answer: ...


def choose(engine: str, size: int, threshold: int) -> str:
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    return "oxigraph" if size >= threshold else "rdflib"


def from_files(paths: Sequence[Path], engine: str = "auto") -> Engine:
    """Graph files loaded together into the chosen engine; `auto` decides by their total size.
    Oxigraph opens the store the build kept beside a large graph (graph.cache) read-only rather
    than loading the Turtle again, and writes one where a build folder has none."""
    from .cache import STORE_BYTES, open_cache

    files = graph_files(paths)
    size = sum(path.stat().st_size for path in files)
    name = choose(engine, size, AUTO_OXIGRAPH_BYTES)
    cache = open_cache(files)
    if name == "oxigraph":
        store = cache.store() if cache else None
        if store is None and cache and size >= STORE_BYTES:
            store = cache.make_store(files[0])
        if store is not None:
            return OxigraphEngine(store, cache)
        return OxigraphEngine.load(files, cache)
    return RdflibEngine(load_graph(files), cache)


def from_graph(graph: Graph, engine: str = "auto") -> Engine:
    """An rdflib Graph behind an engine; `auto` keeps small graphs in rdflib."""
    if choose(engine, len(graph), AUTO_OXIGRAPH_TRIPLES) == "rdflib":
        return RdflibEngine(graph)
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return OxigraphEngine(store)


class QueryTimeout(QueryError):
    """A query stopped at its time limit."""


def within(seconds: float | None, work: Callable[[], Answer]) -> Answer:
    """work() run in a forked child that is killed at the deadline, so a query no engine can
    interrupt (rdflib evaluates in Python, pyoxigraph has no cancellation) stops anyway and
    leaves no process behind. None: run here, without a limit."""
    if seconds is None or not hasattr(os, "fork"):
        return work()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child; its result comes back through the pipe)
        os.close(reader)
        os.write(writer, outcome(work))
        os._exit(0)
    os.close(writer)
    parts, deadline, ended = [], time.monotonic() + seconds, False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([reader], [], [], left)[0]:
                raise QueryTimeout(
                    f"the query did not finish within {seconds:g} s and was stopped "
                    "(--timeout sets the limit)"
                )
            part = os.read(reader, 1 << 16)
            if not part:
                ended = True
                break
            parts.append(part)
    finally:
        os.close(reader)
        if not ended:
            os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    kind, value = pickle.loads(b"".join(parts)) if parts else ("error", None)
    if kind == "answer":
        return value
    raise value or QueryError("the query process ended without an answer")


def outcome(work: Callable[[], Answer]) -> bytes:
    """work's answer or error, pickled for the parent; an error that does not pickle as text."""
    try:
        return pickle.dumps(("answer", work()))
    except PlankgError as err:
        try:
            return pickle.dumps(("error", pickle.loads(pickle.dumps(err))))
        except Exception:
            return pickle.dumps(("error", QueryError(str(err))))
    except BaseException as err:  # noqa: BLE001 (reported to the parent, which raises it)
        return pickle.dumps(("error", QueryError(f"the query failed: {one_line(str(err))}")))


def unselected(bindings: dict[str, Term], selected: list[str]) -> None:
    """Oxigraph binds only variables a SELECT projects; rdflib is held to the same rule."""
    missing = [name for name in bindings if name not in selected]
    if missing:
        raise QueryError(
            f"--param {missing[0]}: ?{missing[0]} must be one of the variables the query SELECTs"
        )


def checked(engine: Engine, text: str, allow_service: bool) -> None:
    """check_syntax, once per text: a verdict kept in the graph's cache is not worked out again
    (rdflib's SPARQL parser, which the check runs for SERVICE, takes 0.2 s to load)."""
    import hashlib

    call = {"task": "query-syntax", "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    call["allow_service"] = allow_service
    cache = engine.cache
    if cache is not None and cache.lookup(call) is True:
        return
    check_syntax(text, allow_service)
    if cache is not None and cache.writable:
        cache.keep(call, True)


class RdflibEngine:
    name = "rdflib"

    def __init__(self, graph: Graph, cache: Cache | None = None):
        self.graph, self.cache = graph, cache

    def run(self, text: str, bindings: dict[str, Term], allow_service: bool = False) -> Answer:
        from rdflib import Graph
        from rdflib.term import Literal, URIRef

        checked(self, text, allow_service)

        def native(t: Term) -> Any:
            if t.kind == "iri":
                return URIRef(t.value)
            plain = t.datatype in (None, XSD_STRING) or t.lang
            return Literal(t.value, lang=t.lang, datatype=None if plain else URIRef(t.datatype))

        try:
            result = self.graph.query(
                text,
                initNs=prefix_map(),
                initBindings={k: native(v) for k, v in bindings.items()},
            )
            if result.type == "ASK":
                return Answer("boolean", self.name, boolean=bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                graph = Graph()
                for prefix, namespace in prefix_map().items():
                    graph.bind(prefix, namespace)
                for triple in result.graph or ():
                    graph.add(triple)
                return Answer("graph", self.name, turtle=graph.serialize(format="turtle"))
            variables = [str(v) for v in result.vars or ()]
            unselected(bindings, variables)
            rows = [tuple(from_rdflib(row[v]) for v in variables) for row in result]
        except QueryError:
            raise
        except Exception as err:  # rdflib's evaluator raises assorted types mid-iteration
            raise QueryError(f"rdflib could not run the query: {one_line(str(err))}") from None
        return Answer("rows", self.name, variables, rows)


def from_rdflib(term: Any) -> Term | None:
    from rdflib.term import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return Term.literal(str(term), term.datatype and str(term.datatype), term.language)
    return Term("bnode" if isinstance(term, BNode) else "iri", str(term))


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, store: Any, cache: Cache | None = None):
        self.store, self.cache = store, cache

    @classmethod
    def load(cls, paths: Sequence[Path], cache: Cache | None = None) -> OxigraphEngine:
        import pyoxigraph as ox

        formats = {
            "turtle": ox.RdfFormat.TURTLE,
            "nt": ox.RdfFormat.N_TRIPLES,
            "n3": ox.RdfFormat.N3,
            "xml": ox.RdfFormat.RDF_XML,
            "json-ld": ox.RdfFormat.JSON_LD,
        }
        store = ox.Store()
        for path in paths:
            try:
                with open_input(path, "graph") as fh:  # the same bytes rdflib reads
                    store.bulk_load(input=fh, format=formats[rdf_format(path)])
            except PlanError:
                raise
            except Exception as err:  # SyntaxError, OSError, ...: all mean "not a graph file"
                raise unreadable(path, err) from None
        return cls(store, cache)

    def run(self, text: str, bindings: dict[str, Term], allow_service: bool = False) -> Answer:
        import pyoxigraph as ox

        checked(self, text, allow_service)

        def native(t: Term) -> Any:
            if t.kind == "iri":
                return ox.NamedNode(t.value)
            if t.lang:
                return ox.Literal(t.value, language=t.lang)
            return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype or ""))

        try:
            result = self.store.query(
                text,
                prefixes=prefix_map(),
                substitutions={ox.Variable(k): native(v) for k, v in bindings.items()},
            )
            if isinstance(result, ox.QueryBoolean):
                return Answer("boolean", self.name, boolean=bool(result))
            if isinstance(result, ox.QueryTriples):
                turtle = ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=prefix_map())
                return Answer("graph", self.name, turtle=turtle.decode("utf-8"))
            variables = [v.value for v in result.variables]
            width = range(len(variables))
            rows = [tuple(from_oxigraph(solution[i]) for i in width) for solution in result]
        except RuntimeError as err:
            missing = re.search(r"variable \?(\w+) in its SELECT projection", str(err))
            if missing:
                unselected({missing.group(1): Term.iri("")}, [])
            raise QueryError(f"Oxigraph could not run the query: {one_line(str(err))}") from None
        except (OSError, ValueError, SyntaxError) as err:  # SyntaxError: rdflib alone checked it
            raise QueryError(f"Oxigraph could not run the query: {one_line(str(err))}") from None
        return Answer("rows", self.name, variables, rows)


def from_oxigraph(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return Term.literal(term.value, term.datatype.value, term.language)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.NamedNode):
        return Term.iri(term.value)
    return Term("triple", str(term))
