"""`plankg push` to stores that log in, stall or run elsewhere: a real Virtuoso with Digest auth,
a Basic-auth store, a socket that never answers. The password never shows in any output."""

from __future__ import annotations

import base64
import contextlib
import http.server
import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from graph.cli import main
from graph.endpoint import end_process

from .endpoint_support import WAIT, http_server
from .query_support import ID, free_port, henan_file_fixture  # noqa: F401

GRAPH_IRI = f"{ID}henan-2023/graph"
SECRET = "s3cret-" + secrets.token_hex(6)  # a fresh password each run: found in output = leaked


@pytest.fixture(autouse=True)
def no_proxy_no_login(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Loopback requests never go through a proxy; no login from the user's own environment."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "PLANKG_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def push(*args: str, password: str | None = None) -> Result:
    env = {"PLANKG_PASSWORD": password} if password is not None else {}
    return CliRunner().invoke(main, ["push", *args], env=env)


class Stalled:
    """A store that accepts connections and never says a word."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.over = threading.Event()
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self) -> None:
        while not self.over.is_set():
            with contextlib.suppress(TimeoutError):
                self.held.append(self.sock.accept()[0])

    def close(self) -> None:
        self.over.set()
        self.thread.join(WAIT)
        for connection in self.held:
            connection.close()
        self.sock.close()


def test_push_to_a_store_that_never_answers_times_out(henan_file: Path) -> None:
    stalled = Stalled()
    try:
        endpoint = f"http://127.0.0.1:{stalled.port}/store"
        started = time.monotonic()
        result = push("--graph", str(henan_file), "--endpoint", endpoint, "--timeout", "1")
        took = time.monotonic() - started
    finally:
        stalled.close()
    assert stalled.held, "push never connected"
    assert result.exit_code == 1 and took < 10
    assert result.output == (
        f"Error: {endpoint} did not answer within 1 s (--timeout sets how long to wait)\n"
    )


def test_timeout_must_be_positive(henan_file: Path) -> None:
    result = push("--graph", str(henan_file), "--endpoint", "http://127.0.0.1:1/", "--timeout", "0")
    assert result.exit_code == 2 and "--timeout" in result.output


class BasicStore(http.server.BaseHTTPRequestHandler):
    """A Graph Store behind HTTP Basic auth: user `analyst`, password SECRET."""

    received: list[bytes] = []

    def do_HEAD(self) -> None:  # noqa: N802 (the handler's name is the HTTP verb)
        if self.refused():
            return
        self.send_response(200, "OK")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PUT(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.refused():
            return
        BasicStore.received.append(body)
        self.send_response(201, "Created")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def refused(self) -> bool:
        expected = "Basic " + base64.b64encode(f"analyst:{SECRET}".encode()).decode()
        if self.headers.get("Authorization") == expected:
            return False
        self.send_response(401, "Unauthorized")
        self.send_header("WWW-Authenticate", 'Basic realm="plankg test"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return True

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def basic_store() -> Iterator[str]:
    BasicStore.received = []
    with http_server(BasicStore) as port:
        yield f"127.0.0.1:{port}"


def test_basic_auth_with_the_password_from_the_environment(
    basic_store: str, henan_file: Path
) -> None:
    endpoint = f"http://{basic_store}/store"
    result = push(
        "--graph", str(henan_file), "--endpoint", endpoint, "--user", "analyst", password=SECRET
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"uploaded {henan_file} into the default graph at {endpoint} (HTTP 201 Created)\n"
    )
    assert BasicStore.received == [henan_file.read_bytes()]


def test_basic_auth_with_the_password_from_netrc(
    basic_store: str, henan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1\n  login analyst\n  password {SECRET}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    result = push("--graph", str(henan_file), "--endpoint", f"http://{basic_store}/store")
    assert result.exit_code == 0, result.output
    assert BasicStore.received == [henan_file.read_bytes()]


def test_a_password_in_the_url_is_never_shown(basic_store: str, henan_file: Path) -> None:
    endpoint = f"http://analyst:{SECRET}@{basic_store}/store"
    result = push("--graph", str(henan_file), "--endpoint", endpoint)
    assert result.exit_code == 0, result.output
    assert (
        SECRET not in result.output and f"http://analyst:***@{basic_store}/store" in result.output
    )
    wrong = push(
        "--graph", str(henan_file), "--endpoint", f"http://analyst:x{SECRET}@{basic_store}/"
    )
    assert wrong.exit_code == 1 and SECRET not in wrong.output
    assert (
        "HTTP 401 Unauthorized" in wrong.output and "refused the login of 'analyst'" in wrong.output
    )
    nobody = f"http://analyst:{SECRET}@127.0.0.1:{free_port()}/store"
    unreachable = push("--graph", str(henan_file), "--endpoint", nobody)
    assert unreachable.exit_code == 1 and SECRET not in unreachable.output
    assert unreachable.output.startswith("Error: cannot reach http://analyst:***@127.0.0.1:")
    bad_scheme = push("--graph", str(henan_file), "--endpoint", f"ftp://analyst:{SECRET}@host/")
    assert bad_scheme.exit_code == 1 and SECRET not in bad_scheme.output


def test_what_is_missing_for_a_login_is_said(basic_store: str, henan_file: Path) -> None:
    endpoint = f"http://{basic_store}/store"
    asked = push("--graph", str(henan_file), "--endpoint", endpoint)
    assert asked.exit_code == 1
    assert asked.output.endswith(
        "(the store asks for a login: give --user NAME and the password in $PLANKG_PASSWORD "
        "or ~/.netrc)\n"
    )
    no_password = push("--graph", str(henan_file), "--endpoint", endpoint, "--user", "analyst")
    assert no_password.output == (
        "Error: no password for 'analyst': set $PLANKG_PASSWORD or add the host to ~/.netrc "
        "(a password is never taken from the command line)\n"
    )
    no_user = push("--graph", str(henan_file), "--endpoint", endpoint, password=SECRET)
    assert no_user.exit_code == 1 and "no user is given" in no_user.output
    assert SECRET not in no_user.output
    assert BasicStore.received == []


def test_a_broken_netrc_is_named_without_its_secrets(
    henan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login analyst password {SECRET}\n{SECRET}x here\n")
    monkeypatch.setenv("NETRC", str(netrc))
    result = push("--graph", str(henan_file), "--endpoint", f"http://127.0.0.1:{free_port()}/")
    assert result.exit_code == 1 and result.output.startswith(f"Error: {netrc}: line 2: ")
    assert SECRET not in result.output


# Virtuoso, the second real store: Debian's virtuoso-opensource, started here on free ports

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"
INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
"""
VIRTUOSO_USER = "plankg"
# A user of its own with the right to update by SPARQL and to write every graph (7: read,
# write, list); the test's dba keeps the fresh database's default password.
GRANTS = (
    f"DB.DBA.USER_CREATE ('{VIRTUOSO_USER}', '{SECRET}'); "
    f'GRANT SPARQL_UPDATE TO "{VIRTUOSO_USER}"; '
    f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{VIRTUOSO_USER}', 7);"
)


def isql(port: int, statements: str) -> str:
    done = subprocess.run(
        [ISQL, f"127.0.0.1:{port}", "dba", "dba", f"exec={statements}"],
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert done.returncode == 0 and "*** Error" not in done.stdout + done.stderr, done
    return done.stdout


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh Virtuoso on loopback; yields its HTTP root. Required under CI."""
    if not (Path(VIRTUOSO).is_file() and Path(ISQL).is_file()):
        if os.environ.get("CI") == "true":
            pytest.fail("Virtuoso is missing: .ci/run installs virtuoso-opensource")
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, web = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(folder=folder, sql=sql, http=web), encoding="utf-8")
    with (folder / "out.log").open("wb") as log:
        process = subprocess.Popen(
            [VIRTUOSO, "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        root = f"http://127.0.0.1:{web}"
        deadline = time.monotonic() + 2 * WAIT
        while not answers(f"{root}/sparql"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Virtuoso did not start: {(folder / 'out.log').read_text()[-500:]}")
            time.sleep(0.3)
        isql(sql, GRANTS)
        yield root
    finally:
        end_process(process)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def triples_in(root: str, graph_iri: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    url = f"{root}/sparql?{urllib.parse.urlencode({'query': query, 'format': 'text/csv'})}"
    with urllib.request.urlopen(url, timeout=WAIT) as response:
        return int(response.read().decode().split()[1])


def test_push_into_virtuoso_with_digest_auth(virtuoso: str, henan_file: Path) -> None:
    endpoint = f"{virtuoso}/sparql-graph-crud-auth"
    args = ["--graph", str(henan_file), "--endpoint", endpoint, "--graph-iri", GRAPH_IRI]
    result = push(*args, "--user", VIRTUOSO_USER, password=SECRET)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"uploaded {henan_file} into graph <{GRAPH_IRI}> at {endpoint}")
    expected = len(Graph().parse(henan_file))
    assert triples_in(virtuoso, GRAPH_IRI) == expected > 1000
    again = push(*args, "--user", VIRTUOSO_USER, password=SECRET)  # PUT replaces, never adds
    assert again.exit_code == 0 and triples_in(virtuoso, GRAPH_IRI) == expected


def test_virtuoso_refuses_a_wrong_password_and_no_login(virtuoso: str, henan_file: Path) -> None:
    endpoint = f"{virtuoso}/sparql-graph-crud-auth"
    graph_iri = f"{GRAPH_IRI}/refused"
    args = ["--graph", str(henan_file), "--endpoint", endpoint, "--graph-iri", graph_iri]
    wrong = push(*args, "--user", VIRTUOSO_USER, password=SECRET + "x")
    assert wrong.exit_code == 1 and len(wrong.output.splitlines()) == 1
    assert "HTTP 401" in wrong.output and f"refused the login of '{VIRTUOSO_USER}'" in wrong.output
    assert SECRET not in wrong.output
    anonymous = push(*args)
    assert anonymous.exit_code == 1 and "the store asks for a login" in anonymous.output
    assert triples_in(virtuoso, graph_iri) == 0


class HangsUp(http.server.BaseHTTPRequestHandler):
    """A store that refuses an upload before reading it, and closes the connection."""

    def do_PUT(self) -> None:  # noqa: N802 (the handler's name is the HTTP verb)
        self.send_response(413, "Content Too Large")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


def test_a_store_that_hangs_up_mid_upload_is_said(tmp_path: Path) -> None:
    big = tmp_path / "big.ttl"
    with big.open("w", encoding="utf-8") as out:
        for i in range(400_000):  # about 30 MB: more than the sockets' buffers hold
            out.write(f'<urn:x:s{i}> <urn:x:p> "{"x" * 40}" .\n')
    with http_server(HangsUp) as port:
        endpoint = f"http://127.0.0.1:{port}/store"
        result = push("--graph", str(big), "--endpoint", endpoint)
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert result.output.startswith(
        f"Error: {endpoint}?default hung up while the graph was being sent ("
    ), result.output
