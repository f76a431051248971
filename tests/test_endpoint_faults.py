"""`plankg serve` under faults and hostile requests: signals, SIGKILL, a held port, a bad graph,
cross-origin writes and DNS rebinding. Real processes and real HTTP; every server is stopped."""

from __future__ import annotations

import http.client
import signal
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.endpoint import EndpointError, serve, sweep_stale

from .endpoint_support import PLANKG, WAIT, start_cli, stop_cli
from .query_support import free_port, henan_file_fixture  # noqa: F401

COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def gone(pid: int) -> bool:
    """The process has ended (a zombie nobody reaps has ended too)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rpartition(")")[2].split()[0] == "Z"


def wait_gone(pid: int) -> bool:
    deadline = time.monotonic() + WAIT
    while not gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def stores(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("plankg-serve-"))


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_child_and_removes_the_store(
    signum: int, henan_file: Path, tmp_path: Path
) -> None:
    process, _ = start_cli(henan_file, free_port(), tmp_path)
    try:
        [child] = children(process.pid)
        assert len(stores(tmp_path)) == 1
        process.send_signal(signum)
        assert process.wait(WAIT) == 0
    finally:
        stop_cli(process)
    assert wait_gone(child)
    assert list(tmp_path.iterdir()) == []


def test_sigkill_takes_the_child_along_and_the_next_run_removes_the_store(
    henan_file: Path, tmp_path: Path
) -> None:
    port = free_port()
    process, _ = start_cli(henan_file, port, tmp_path)
    [child] = children(process.pid)
    [left] = stores(tmp_path)
    process.kill()
    process.wait(WAIT)
    assert wait_gone(child), "the Oxigraph server outlived a killed `plankg serve`"
    assert stores(tmp_path) == [left]  # nobody could remove it yet
    again, _ = start_cli(henan_file, port, tmp_path)  # the port is free again, too
    try:
        assert left not in stores(tmp_path) and len(stores(tmp_path)) == 1
    finally:
        assert stop_cli(again) == 0
    assert list(tmp_path.iterdir()) == []


def test_sweep_leaves_running_and_foreign_folders(henan_file: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "plankg-serve-foreign"  # no owner file: another program's, or older
    foreign.mkdir()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"  # a stale owner, behind a link
    elsewhere.mkdir()
    (elsewhere / "owner.lock").write_text("1\n")
    (tmp_path / "plankg-serve-link").symlink_to(elsewhere)
    process, _ = start_cli(henan_file, free_port(), tmp_path)
    try:
        assert sweep_stale(tmp_path) == []
        assert len(stores(tmp_path)) == 3
    finally:
        stop_cli(process)
    assert stores(tmp_path) == ["plankg-serve-foreign", "plankg-serve-link"]
    assert (elsewhere / "owner.lock").is_file()


def test_a_second_serve_on_a_held_port_fails_before_announcing(
    henan_file: Path, tmp_path: Path
) -> None:
    port = free_port()
    first, url = start_cli(henan_file, port, tmp_path)
    try:
        second = subprocess.run(
            [PLANKG, "serve", "--graph", str(henan_file), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
        assert second.returncode == 1
        assert second.stdout == ""
        assert second.stderr == (
            f"Error: port {port} on 127.0.0.1 is in use; choose another with --port "
            f"(e.g. --port {port + 1})\n"
        )
        assert ask(url, "GET", "/query?" + urllib.parse.urlencode({"query": "ASK {}"}))[0] == 200
    finally:
        assert stop_cli(first) == 0


def test_a_graph_the_server_cannot_load_shows_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\nthis is not turtle\n", encoding="utf-8")
    with pytest.raises(EndpointError) as refused:
        serve(bad, port=free_port(), timeout=WAIT)
    message = str(refused.value)
    assert message.startswith(f"{bad}: the Oxigraph server cannot load it: Error while loading")
    assert "Parser error at line 2" in message and "\n" not in message
    assert list(tmp_path.iterdir()) == [bad]


def ask(url: str, method: str, path: str, body: str = "", **headers: str) -> tuple[int, str]:
    """A raw HTTP request: the Host and Origin headers exactly as given."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host="Host" in headers)
        for name, value in headers.items():
            connection.putheader(name.replace("_", "-"), value)
        data = body.encode()
        connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


FORM = "application/x-www-form-urlencoded"
DELETE_ALL = urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"})


def count(url: str) -> int:
    status, text = ask(
        url, "GET", "/query?" + urllib.parse.urlencode({"query": COUNT}), Accept="text/csv"
    )
    assert status == 200, text
    return int(text.split()[1])


@pytest.fixture
def writable(henan_file: Path) -> Iterator[str]:
    with serve(henan_file, port=free_port(), writable=True, timeout=WAIT) as server:
        yield server.url


def test_a_cross_origin_form_cannot_delete(writable: str) -> None:
    before = count(writable)
    status, text = ask(
        writable, "POST", "/update", DELETE_ALL, Content_Type=FORM, Origin="http://evil.example"
    )
    assert status == 403
    assert "not from Origin: http://evil.example" in text
    for origin in ("null", "http://127.0.0.1:1"):
        assert (
            ask(writable, "POST", "/update", DELETE_ALL, Content_Type=FORM, Origin=origin)[0] == 403
        )
    assert ask(writable, "DELETE", "/store?default", Origin="http://evil.example")[0] == 403
    assert count(writable) == before > 0


def test_a_rebound_host_is_refused_even_for_reads(writable: str) -> None:
    port = urllib.parse.urlsplit(writable).port
    query = "/query?" + urllib.parse.urlencode({"query": COUNT})
    status, text = ask(writable, "GET", query, Host=f"evil.example:{port}")
    assert status == 403 and f"not Host: evil.example:{port}" in text
    assert ask(writable, "GET", query, Host="127.0.0.1")[0] == 403  # another port: another site
    same = f"http://evil.example:{port}"
    assert (
        ask(writable, "POST", "/update", DELETE_ALL, Host=f"evil.example:{port}", Origin=same)[0]
        == 403
    )
    assert count(writable) > 0


def test_own_page_and_command_line_clients_may_write(writable: str) -> None:
    port = urllib.parse.urlsplit(writable).port
    insert = urllib.parse.urlencode({"update": "INSERT DATA { <urn:x:a> <urn:x:b> 1 }"})
    before = count(writable)
    own = ask(writable, "POST", "/update", insert, Content_Type=FORM, Origin=writable)
    assert own[0] == 204, own
    named = f"http://localhost:{port}"
    assert ask(writable, "POST", "/update", DELETE_ALL, Content_Type=FORM, Origin=named)[0] == 204
    assert count(writable) == 0 < before
    assert ask(writable, "POST", "/update", insert, Content_Type=FORM)[0] == 204  # curl: no Origin
    assert count(writable) == 1


def test_a_query_from_another_page_still_reads(writable: str) -> None:
    body = urllib.parse.urlencode({"query": "ASK {}"})
    status, text = ask(
        writable,
        "POST",
        "/query",
        body,
        Content_Type=FORM,
        Origin="http://evil.example",
        Accept="application/sparql-results+json",
    )
    assert status == 200 and '"boolean":true' in text.replace(" ", "")
