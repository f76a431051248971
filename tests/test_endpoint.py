"""`plankg serve` and `plankg push` against a real Oxigraph server on loopback.

Every server here binds 127.0.0.1, every wait is bounded, and every server is stopped.
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from graph.cli import main
from graph.endpoint import EndpointError, serve
from graph.errors import PlanError
from graph.named import named_queries
from graph.query import Term, run_query, standalone

from .endpoint_support import WAIT, http_server, start_cli, stop_cli
from .query_support import (  # noqa: F401
    ID,
    answer_set,
    free_port,
    henan_file_fixture,
    henan_fixture,
    normal,
)

pytestmark = pytest.mark.slow  # Oxigraph server processes

PK = "https://w3id.org/plankg/def#"
TASK_26_OPEN = f"ASK {{ <{ID}henan-2023/task/26> <{PK}openList> true }}"


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback requests never go through a proxy set in the environment."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def sparql(url: str, query: str) -> dict:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    client.setTimeout(10)
    return client.queryAndConvert()  # type: ignore[return-value]


def term(binding: dict | None) -> Term | None:
    """A term of SPARQL 1.1 JSON results as plankg's engines give it."""
    if binding is None:
        return None
    if binding["type"] == "uri":
        return Term.iri(binding["value"])
    if binding["type"] == "bnode":
        return Term("bnode", binding["value"])
    return Term.literal(binding["value"], binding.get("datatype"), binding.get("xml:lang"))


@pytest.fixture(scope="module")
def served(henan_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The English Henan graph behind a read-only `plankg serve`."""
    process, url = start_cli(henan_file, free_port(), tmp_path_factory.mktemp("serve"))
    try:
        yield url
    finally:
        stop_cli(process)


def push(*args: str) -> Result:
    return CliRunner().invoke(main, ["push", *args])


def test_serve_answers_over_the_sparql_protocol(served: str) -> None:
    assert served.startswith("http://127.0.0.1:")
    tasks = sparql(f"{served}/query", f"SELECT (COUNT(?t) AS ?n) WHERE {{ ?t a <{PK}Task> }}")
    assert tasks["results"]["bindings"][0]["n"]["value"] == "31"
    assert sparql(f"{served}/query", TASK_26_OPEN)["boolean"] is True


def test_named_queries_answer_at_the_endpoint(served: str, henan) -> None:
    for q in named_queries():
        got = sparql(f"{served}/query", standalone(q.text))
        rows = sorted(
            (
                tuple(normal(term(b.get(v))) for v in got["head"]["vars"])
                for b in got["results"]["bindings"]
            ),
            key=repr,
        )
        if any(p.required or p.default for p in q.params):
            assert rows, q.name  # unbound at the endpoint: the answer for every agency or sector
            continue
        assert (got["head"]["vars"], rows) == answer_set(run_query(q.name, henan)), q.name


def test_page_has_a_query_editor(served: str) -> None:
    with urllib.request.urlopen(f"{served}/", timeout=10) as page:
        assert page.headers["Content-Type"].startswith("text/html")
        assert "yasgui" in page.read().decode().lower()


def test_read_only_server_refuses_updates(served: str, henan_file: Path) -> None:
    client = SPARQLWrapper(f"{served}/query", updateEndpoint=f"{served}/update")
    client.setMethod(POST)
    client.setTimeout(10)
    client.setQuery(f"INSERT DATA {{ <{ID}x> <{PK}openList> true }}")
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    stored = push("--endpoint", f"{served}/store", "--graph", str(henan_file))
    assert stored.exit_code == 1 and "HTTP 403" in stored.output
    asked = sparql(f"{served}/query", f"ASK {{ <{ID}x> ?p ?o }}")
    assert asked["boolean"] is False


def test_ctrl_c_stops_the_server_and_removes_its_store(henan_file: Path, tmp_path: Path) -> None:
    port = free_port()
    process, url = start_cli(henan_file, port, tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("plankg-serve-")]
    assert stop_cli(process) == 0
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/", timeout=5)


@contextlib.contextmanager
def socket_listening() -> Iterator[int]:
    """A loopback port something else already listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_serve_reports_a_port_in_use(henan_file: Path) -> None:
    with socket_listening() as port, pytest.raises(EndpointError, match=f"port {port} .* in use"):
        serve(henan_file, port=port, timeout=WAIT)
    with pytest.raises(PlanError, match="no such graph file"):
        serve(henan_file.parent / "missing.ttl", port=free_port())


@pytest.fixture(scope="module")
def writable(henan_file: Path) -> Iterator[str]:
    with serve(henan_file, port=free_port(), writable=True, timeout=WAIT) as server:
        yield server.url


def test_push_into_a_named_graph(writable: str, henan_file: Path) -> None:
    graph_iri = f"{ID}henan-2023/graph"
    result = push(
        "--graph", str(henan_file), "--endpoint", f"{writable}/store", "--graph-iri", graph_iri
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"uploaded {henan_file} into graph <{graph_iri}>")
    count = sparql(
        f"{writable}/query", f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    )
    assert int(count["results"]["bindings"][0]["n"]["value"]) == len(Graph().parse(henan_file))
    task_26 = f"<{ID}henan-2023/task/26> <{PK}openList> true"
    assert sparql(f"{writable}/query", f"ASK {{ GRAPH <{graph_iri}> {{ {task_26} }} }}")["boolean"]


def test_push_replaces_the_default_graph(writable: str, tmp_path: Path) -> None:
    small = tmp_path / "small.ttl"
    small.write_text(f"<{ID}a> <{PK}openList> true .\n", encoding="utf-8")
    result = push("--graph", str(small), "--endpoint", f"{writable}/store")
    assert result.exit_code == 0, result.output
    count = sparql(f"{writable}/query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert count["results"]["bindings"][0]["n"]["value"] == "1"


def test_push_several_files_puts_the_first_and_merges_the_rest(
    writable: str, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text(f"<{ID}a> <{PK}openList> true .\n", encoding="utf-8")
    second.write_text(f"<{ID}b> <{PK}openList> true .\n<{ID}c> <{PK}openList> true .\n", "utf-8")
    graph_iri = f"{ID}several"
    where = ["--endpoint", f"{writable}/store", "--graph-iri", graph_iri]
    count = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"

    def stored() -> str:
        return sparql(f"{writable}/query", count)["results"]["bindings"][0]["n"]["value"]

    result = push("--graph", str(first), "--graph", str(second), *where)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"uploaded {first}, {second} into graph <{graph_iri}>")
    assert stored() == "3"
    assert push("--graph", str(first), *where).exit_code == 0
    assert stored() == "1"  # a PUT replaces the graph


def test_serve_several_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b"  # no suffix: read as Turtle
    first.write_text(f"<{ID}a> <{PK}openList> true .\n", encoding="utf-8")
    second.write_text(f"<{ID}b> <{PK}openList> true .\n", encoding="utf-8")
    with serve([first, second], port=free_port(), timeout=WAIT) as server:
        found = sparql(server.query_url, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert found["results"]["bindings"][0]["n"]["value"] == "2"


def test_push_to_nothing_listening(henan_file: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/store"
    result = push("--graph", str(henan_file), "--endpoint", endpoint)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot reach {endpoint}: ")
    assert "refused" in result.output and len(result.output.splitlines()) == 1


def test_push_refused_with_4xx(writable: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <\n", encoding="utf-8")
    result = push("--graph", str(bad), "--endpoint", f"{writable}/store")
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert "refused the upload: HTTP 400 Bad Request: " in result.output
    wrong = push("--graph", str(bad), "--endpoint", f"{writable}/nowhere")
    assert wrong.exit_code == 1 and "HTTP 404" in wrong.output


class Failing(http.server.BaseHTTPRequestHandler):
    """A store that is down: 503 to every PUT."""

    def do_PUT(self) -> None:  # noqa: N802 (the handler's name is the HTTP verb)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(503, "Service Unavailable")
        self.end_headers()
        self.wfile.write(b"store is read-only during maintenance\n")

    def log_message(self, *args: object) -> None:
        pass


def test_push_refused_with_5xx(henan_file: Path) -> None:
    with http_server(Failing) as port:
        endpoint = f"http://127.0.0.1:{port}/store"
        result = push("--graph", str(henan_file), "--endpoint", endpoint)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {endpoint}?default refused the upload: HTTP 503 Service Unavailable: "
        "store is read-only during maintenance\n"
    )


def test_push_needs_an_http_endpoint(henan_file: Path) -> None:
    result = push("--graph", str(henan_file), "--endpoint", "ftp://127.0.0.1/store")
    assert result.exit_code == 1 and "--endpoint must be an http(s) URL" in result.output
