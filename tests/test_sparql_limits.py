"""SPARQL that would reach the network or run for ever: SERVICE is refused unless allowed, and a
query is stopped at its time limit, by `plankg query` (both engines) and by `plankg serve`.

A SERVICE target is a local TCP listener that counts the connections made to it; the long
query is a three-way cartesian product over a small generated graph (10^9 rows).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.gate import Gate
from graph.query import QueryError, QueryTimeout, run_query

from .endpoint_support import start_cli, stop_cli
from .query_support import free_port

ENGINES = ["rdflib", "oxigraph"]
CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
LIMIT = 1.5  # seconds given to the cartesian product
SLACK = 5.0  # seconds past the limit a stopped query may take to be reported (a loaded machine)


class Listener:
    """A TCP port on loopback that accepts and counts connections, and answers nothing."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self.count, daemon=True)
        self.thread.start()

    @property
    def iri(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def count(self) -> None:
        while self.running:
            with contextlib.suppress(TimeoutError):
                connection, _ = self.socket.accept()
                self.connections += 1
                connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture(name="listener")
def listener_fixture() -> Iterator[Listener]:
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture(scope="module", name="small")
def small_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten triples: enough for SERVICE and string tests."""
    path = tmp_path_factory.mktemp("small") / "graph.ttl"
    path.write_text(
        "".join(f'<http://e/s{i}> <http://e/p> "o{i}" .\n' for i in range(10)), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module", name="thousand")
def thousand_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A thousand triples: their three-way cartesian product has 10^9 rows."""
    path = tmp_path_factory.mktemp("thousand") / "graph.ttl"
    path.write_text(
        "".join(f"<http://e/s{i}> <http://e/p> <http://e/o{i}> .\n" for i in range(1000)),
        encoding="utf-8",
    )
    return path


def plankg(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "graph", *args], capture_output=True, text=True, env=env, timeout=120
    )


def child_pids() -> list[int]:
    text = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text()
    return [int(pid) for pid in text.split()]


def service_query(listener: Listener) -> str:
    return f"SELECT ?s WHERE {{ SERVICE <{listener.iri}> {{ ?s ?p ?o }} }}"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_service_query_is_refused_and_connects_nowhere(
    engine: str, small: Path, listener: Listener
) -> None:
    with pytest.raises(QueryError, match=r"calls SERVICE <http://127\.0\.0\.1:\d+/sparql>"):
        run_query(service_query(listener), small, engine=engine)
    time.sleep(0.3)
    assert listener.connections == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_a_nested_or_variable_service_is_refused(engine: str, small: Path) -> None:
    nested = (
        "SELECT * { ?s ?p ?o OPTIONAL { { SELECT ?s { SERVICE SILENT ?where { ?s ?p ?x } } } } }"
    )
    with pytest.raises(QueryError, match=r"calls SERVICE \?where"):
        run_query(nested, small, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_service_in_a_string_or_a_comment_is_no_service(engine: str, small: Path) -> None:
    text = (
        "SELECT ?s WHERE { # SERVICE <http://127.0.0.1:1/> { }\n"
        '  ?s ?p ?o FILTER(?o != "SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }") }'
    )
    assert len(run_query(text, small, engine=engine).rows) == 10


@pytest.mark.parametrize("engine", ENGINES)
def test_allow_service_reaches_the_service_once(
    engine: str, small: Path, listener: Listener
) -> None:
    """The opt-in works, and the syntax check does not call the service a second time."""
    with contextlib.suppress(QueryError):
        run_query(service_query(listener), small, engine=engine, allow_service=True, timeout=20)
    time.sleep(0.3)
    assert listener.connections == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_the_cli_refuses_service_in_one_line(engine: str, small: Path, listener: Listener) -> None:
    done = plankg("query", service_query(listener), "--graph", str(small), "--engine", engine)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "federated queries are refused unless --allow-service is given" in done.stderr
    assert listener.connections == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_a_cartesian_product_stops_at_the_time_limit(engine: str, thousand: Path) -> None:
    before = child_pids()
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"did not finish within 1\.5 s"):
        run_query(CARTESIAN, thousand, engine=engine, timeout=LIMIT)
    assert LIMIT <= time.monotonic() - start < LIMIT + SLACK
    assert child_pids() == before  # the query's process is gone, not left running


@pytest.mark.parametrize("engine", ENGINES)
def test_the_cli_says_when_the_limit_hits(engine: str, thousand: Path) -> None:
    start = time.monotonic()
    done = plankg(
        "query", CARTESIAN, "--graph", str(thousand), "--engine", engine, "--timeout", "1"
    )
    assert time.monotonic() - start < 1 + SLACK + 5  # the interpreter's start, on a busy machine
    assert done.returncode == 1
    assert done.stderr == (
        "Error: the query did not finish within 1 s and was stopped (--timeout sets the limit)\n"
    )


def test_a_query_within_the_limit_answers_as_before(small: Path) -> None:
    for engine in ENGINES:
        answer = run_query("SELECT ?s { ?s ?p ?o } ORDER BY ?s", small, engine=engine, timeout=20)
        assert [row[0].value for row in answer.rows][:2] == ["http://e/s0", "http://e/s1"]


def test_errors_come_back_from_the_query_process(small: Path) -> None:
    from graph.query import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match="line 1, column 11"):
        run_query("SELECT ?s { ?s ?p ?o", small, engine="rdflib", timeout=20)


# The endpoint: the gate's check, then real `plankg serve` processes, stopped by each test.


@pytest.fixture(name="gate")
def gate_fixture() -> Iterator[Gate]:
    gate = Gate("127.0.0.1", 0)
    yield gate
    gate.close()


FORM = "application/x-www-form-urlencoded"
CALL = "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"
UPDATE = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"


@pytest.mark.parametrize(
    ("target", "kind", "body"),
    [
        (f"/query?{urllib.parse.urlencode({'query': CALL})}", "", ""),
        ("/query", FORM, urllib.parse.urlencode({"query": CALL})),
        ("/query", "application/sparql-query; charset=utf-8", CALL),
        ("/update", FORM, urllib.parse.urlencode({"update": UPDATE})),
        ("/update", "application/sparql-update", UPDATE),
        (f"/elsewhere?{urllib.parse.urlencode({'query': CALL})}", "", ""),
    ],
)
def test_the_gate_finds_service_wherever_sparql_is_sent(
    gate: Gate, target: str, kind: str, body: str
) -> None:
    why = gate.federation(target, kind, body.encode())
    assert why and why.startswith("the query calls SERVICE <http://127.0.0.1:1/>")


def test_the_gate_passes_service_as_text_and_when_allowed(gate: Gate) -> None:
    text = 'SELECT * { ?s ?p "SERVICE <http://127.0.0.1:1/> { }" } # SERVICE <http://x/> {}'
    assert gate.federation("/query", FORM, urllib.parse.urlencode({"query": text}).encode()) is None
    assert gate.federation("/store", "text/turtle", b"<a> <b> <c> .") is None
    gate.allow_service = True
    assert gate.federation("/query", "application/sparql-query", CALL.encode()) is None


def post(url: str, body: str, kind: str = "application/x-www-form-urlencoded") -> tuple[int, str]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("POST", parts.path or "/", body.encode(), {"Content-Type": kind})
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def get(url: str) -> tuple[int, str]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}")
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.slow
def test_the_endpoint_refuses_service_in_every_form(
    small: Path, listener: Listener, tmp_path: Path
) -> None:
    process, url = start_cli(small, free_port(), tmp_path)
    try:
        text = service_query(listener)
        said = [
            post(f"{url}/query", urllib.parse.urlencode({"query": text})),
            post(f"{url}/query", text, "application/sparql-query"),
            get(f"{url}/query?{urllib.parse.urlencode({'query': text})}"),
        ]
        plain = post(f"{url}/query", urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    finally:
        stop_cli(process)
    for status, body in said:
        assert status == 400
        assert "federated queries are refused unless `plankg serve` is started with" in body
    assert plain[0] == 200
    assert listener.connections == 0


@pytest.mark.slow
def test_the_endpoint_stops_a_query_whose_client_hung_up(thousand: Path, tmp_path: Path) -> None:
    port = free_port()
    process, url = start_cli(thousand, port, tmp_path, "--timeout", "2")
    try:
        [server] = [
            int(pid)
            for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        ]
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            body = urllib.parse.urlencode({"query": CARTESIAN}).encode()
            client.sendall(
                b"POST /query HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n" % port
                + b"Content-Type: application/x-www-form-urlencoded\r\n"
                + b"Content-Length: %d\r\n\r\n" % len(body)
                + body
            )
            time.sleep(0.5)  # the query is running; the client hangs up
        time.sleep(2 + SLACK)
        spent = cpu_seconds(server)
        time.sleep(2)
        assert cpu_seconds(server) - spent < 0.5  # the server idles: the query was stopped
        assert get(f"{url}/query?{urllib.parse.urlencode({'query': 'ASK {}'})}")[0] == 200
    finally:
        stop_cli(process)
