"""`plankg query`, `plankg serve`, `plankg push`: ask the graph in SPARQL, here or at an endpoint."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

import click

from .engines import ENGINES
from .formats import format_option, graph_option, render

QUERY_TIMEOUT = 30.0  # seconds: the longest named query on a large graph takes under 2


def split_params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in values:
        name, eq, value = item.partition("=")
        if not eq or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params[name.strip().lstrip("?$")] = value
    return params


@click.command()
@click.argument("query", required=False)
@graph_option
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE as an RDF term: <iri> or pk:Lead are IRIs, anything else a "
    'literal ("x"@en and "2025"^^xsd:gYear as written). Repeatable.',
)
@format_option()
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="auto",
    show_default=True,
    help="SPARQL engine; auto picks rdflib for small graphs and Oxigraph for large ones.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=QUERY_TIMEOUT,
    show_default=True,
    help="Seconds the query may run before it is stopped.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let SERVICE clauses fetch from other servers over the network (refused by default).",
)
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
@click.option(
    "--show",
    is_flag=True,
    help="Print the query with its PREFIX lines (to paste into an endpoint) and exit.",
)
def query(
    query: str | None,
    graphs: tuple[Path, ...],
    params: tuple[str, ...],
    fmt: str,
    engine: str,
    timeout: float,
    allow_service: bool,
    list_only: bool,
    show: bool,
) -> None:
    """Run a SPARQL query against the graph: QUERY is the query TEXT, a FILE.rq, the NAME of a
    named query (see --list) or - for standard input.

    The prefixes pk:, skos:, org:, rdfs:, rdf:, owl:, xsd:, dcterms:, prov:, geo:, oa:, sh:
    and id: (instances) need no PREFIX line. SELECT prints rows in --format, ASK prints true
    or false, CONSTRUCT and DESCRIBE print Turtle.

    \b
    Examples:
        plankg query --list
        plankg query tasks-led-by --param agency=id:henan/agency/ecology-environment
        plankg query 'SELECT ?task WHERE { ?task pk:openList true }' --format csv
        plankg query my-question.rq --graph big/graph.ttl --engine oxigraph
        plankg query tasks-with-defects --show     # the text, to paste into `plankg serve`
    """
    from .named import named_queries
    from .query import resolve_query, run_query, standalone

    if list_only:
        rows = [
            {"name": q.name, "title": q.title, "parameters": [p.summary() for p in q.params]}
            for q in named_queries()
        ]
        click.echo(render(rows, fmt, ["name", "title", "parameters"]))
        return
    if not query:
        raise click.UsageError("give a QUERY (text, FILE.rq or NAME), or --list")
    text = sys.stdin.read() if query == "-" else query
    if show:
        click.echo(standalone(resolve_query(text)[0]).rstrip("\n"))
        return
    answer = run_query(text, graphs, split_params(params), engine, timeout, allow_service)
    if answer.form == "boolean":
        click.echo("true" if answer.boolean else "false")
    elif answer.form == "graph":
        click.echo(answer.turtle.rstrip("\n"))
    else:
        rows = answer.records(compact=fmt in ("table", "md"))
        click.echo(render(rows, fmt, answer.variables))


@click.command()
@graph_option
@click.option(
    "--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="Port."
)
@click.option("--writable", is_flag=True, help="Accept SPARQL updates and Graph Store writes.")
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Seconds a query may run before the server stops it (its client gone or not).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let SERVICE clauses fetch from other servers over the network (refused by default).",
)
def serve(
    graphs: tuple[Path, ...], port: int, writable: bool, timeout: int, allow_service: bool
) -> None:
    """Serve the graph as a SPARQL 1.1 endpoint (the Oxigraph server) on 127.0.0.1 until Ctrl-C.

    The graph is loaded into a temporary store, removed again on exit. The server's page has
    a query editor; SPARQL clients use URL/query (and URL/update, URL/store when --writable).
    It is read-only unless --writable.

    \b
    Example:
        plankg serve --port 7878
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' \\
            http://127.0.0.1:7878/query
    """

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    # Ctrl-C, a plain kill and a closed terminal stop the server and remove its store; SIGINT
    # explicitly, because a shell starting us in the background leaves it ignored.
    stops = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, interrupt) for sig in stops}
    try:
        serve_until_stopped(graphs, port, writable, timeout, allow_service)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve_until_stopped(
    graphs: tuple[Path, ...], port: int, writable: bool, timeout: int, allow_service: bool
) -> None:
    from .endpoint import serve as start

    limits = {"query_timeout": timeout, "allow_service": allow_service}
    with start(graphs, port=port, writable=writable, **limits) as server:
        try:  # from the first line printed: a Ctrl-C as soon as the URL shows is a clean stop
            mode = "read-write" if writable else "read-only"
            click.echo(
                f"serving {', '.join(map(str, graphs))} ({mode}) at {server.url}/ ; Ctrl-C stops"
            )
            click.echo(f"SPARQL query endpoint: {server.query_url}")
            if writable:
                click.echo(f"update endpoint: {server.update_url}; graph store: {server.store_url}")
            code = server.wait()
        except KeyboardInterrupt:
            click.echo("stopping", err=True)
            return
    raise click.ClickException(f"the Oxigraph server stopped by itself (exit code {code})")


@click.command()
@graph_option
@click.option(
    "--endpoint",
    required=True,
    help="Graph Store URL, e.g. http://127.0.0.1:7878/store (Oxigraph), "
    "http://host:3030/DATASET/data (Fuseki).",
)
@click.option("--graph-iri", help="Named graph to replace (default: the default graph).")
@click.option(
    "--user",
    help="Login for a store that asks for one (HTTP Basic or Digest); the password comes from "
    "$PLANKG_PASSWORD or ~/.netrc ($NETRC), never from the command line.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds to wait for the store to connect, and for each answer.",
)
def push(
    graphs: tuple[Path, ...], endpoint: str, graph_iri: str | None, user: str | None, timeout: float
) -> None:
    """Upload the graph to a SPARQL 1.1 Graph Store (HTTP PUT: replaces that graph).

    Fuseki, GraphDB, Virtuoso, Neptune and Oxigraph take the same call.

    \b
    Example:
        plankg push --endpoint http://127.0.0.1:7878/store --graph-iri https://w3id.org/plankg/id/henan-2023
        PLANKG_PASSWORD=... plankg push --user dba \\
            --endpoint http://host:8890/sparql-graph-crud-auth --graph-iri https://w3id.org/plankg/id/henan-2023
    """
    from .endpoint import push as upload
    from .endpoint import redact

    status = upload(graphs, endpoint, graph_iri, timeout=timeout, user=user)
    target = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    where = ", ".join(map(str, graphs))
    click.echo(f"uploaded {where} into {target} at {redact(endpoint)} ({status})")


COMMANDS = (query, serve, push)
