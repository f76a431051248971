"""The graph at a real SPARQL endpoint: the Oxigraph server on loopback, or any Graph Store.

`serve` loads a graph file into a temporary Oxigraph store and runs the `oxigraph` server (from
the PyPI package `oxigraph`) on 127.0.0.1; `push` uploads a graph file with the SPARQL 1.1
Graph Store HTTP Protocol, which Fuseki, GraphDB, Virtuoso, Neptune and Oxigraph all speak.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from .errors import PlankgError
from .io import graph_files

LOOPBACK = "127.0.0.1"
READY_TIMEOUT = 30.0  # seconds for the server to answer after it starts
STOP_TIMEOUT = 10.0
CONTENT_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
}
# What to do about a refused upload, where the status says it
REFUSED_HINTS = {
    403: "the store takes no writes there; `plankg serve` takes them only with --writable",
    404: "--endpoint is the store's Graph Store URL: Oxigraph's /store, Fuseki's /DATASET/data",
}
# The readiness probe talks to our own child on loopback: never through a configured proxy.
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class EndpointError(PlankgError):
    """A server that cannot start or an upload that fails; one line saying why."""


def oxigraph_binary() -> str:
    """The `oxigraph` server the PyPI package installs next to this Python, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise EndpointError("no `oxigraph` server found; install it with `pip install oxigraph`")
    return found


def tail(path: Path) -> str:
    """What the server said last: its error line, not the backtrace it prints after it."""
    lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    errors = [line.strip() for line in lines if line.startswith("Error")]
    return errors[-1] if errors else lines[-1].strip() if lines else "no message"


@dataclass
class Server:
    """A running Oxigraph server over a temporary store; stop() ends it and removes the store."""

    url: str
    writable: bool
    process: subprocess.Popen
    workdir: Path

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

    def wait(self) -> int:
        return self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve(
    graphs: Path | Sequence[Path],
    port: int = 7878,
    writable: bool = False,
    timeout: float = READY_TIMEOUT,
) -> Server:
    """Start the Oxigraph server on 127.0.0.1:port with the graph file(s) loaded; returns once
    it answers.

    Read-only unless writable. The caller stops it (`with serve(...) as server:`).
    """
    files = graph_files(graphs)
    binary = oxigraph_binary()
    workdir = Path(tempfile.mkdtemp(prefix="plankg-serve-"))
    store, log = workdir / "store", workdir / "server.log"
    try:
        for graph in files:  # one load each: a file without a known suffix is read as Turtle
            fmt = [] if graph.suffix in CONTENT_TYPES else ["--format", "ttl"]
            loaded = subprocess.run(
                [binary, "load", "--location", str(store), "--file", str(graph), *fmt],
                capture_output=True,
                text=True,
            )
            if loaded.returncode:
                message = (loaded.stderr.strip().splitlines() or ["no message"])[-1]
                raise EndpointError(f"{graph}: the Oxigraph server cannot load it: {message}")
        mode = "serve" if writable else "serve-read-only"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [binary, mode, "--location", str(store), "--bind", f"{LOOPBACK}:{port}"],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches plankg, which stops the server in order
            )
        server = Server(f"http://{LOOPBACK}:{port}", writable, process, workdir)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    try:
        wait_until_ready(server, log, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def wait_until_ready(server: Server, log: Path, timeout: float) -> None:
    probe = f"{server.query_url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    request = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            said = tail(log)
            if "Address already in use" in said:
                port = urllib.parse.urlsplit(server.url).port or 0
                said = f"port {port} is in use; choose another with --port (e.g. --port {port + 1})"
            raise EndpointError(f"the Oxigraph server stopped at start: {said}")
        try:
            with LOCAL.open(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise EndpointError(f"the Oxigraph server did not answer within {timeout:.0f} s")
        time.sleep(0.1)


def push(
    graphs: Path | Sequence[Path], endpoint: str, graph_iri: str | None = None, timeout: float = 300
) -> str:
    """PUT the graph file into a Graph Store (replacing that graph), and POST (merge) any more
    files into the same graph; returns the status line(s).

    endpoint is the store's Graph Store URL (Oxigraph: http://host:7878/store, Fuseki:
    http://host:3030/DATASET/data); graph_iri names the graph, else the default graph.
    """
    files = graph_files(graphs)
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"--endpoint must be an http(s) URL; got {endpoint!r}")
    target = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    url = f"{endpoint}{'&' if parts.query else '?'}{target}"
    statuses = [upload(files[0], url, endpoint, "PUT", timeout)]
    statuses += [upload(graph, url, endpoint, "POST", timeout) for graph in files[1:]]
    return ", ".join(dict.fromkeys(statuses))


def upload(graph: Path, url: str, endpoint: str, method: str, timeout: float) -> str:
    headers = {
        "Content-Type": CONTENT_TYPES.get(graph.suffix, "text/turtle"),
        "Content-Length": str(graph.stat().st_size),
    }
    try:
        with graph.open("rb") as body:
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return f"HTTP {response.status} {response.reason}"
    except urllib.error.HTTPError as err:
        said = err.read(2000).decode("utf-8", errors="replace").strip().splitlines()
        detail = f": {said[0][:200]}" if said else ""
        hint = f" ({REFUSED_HINTS[err.code]})" if err.code in REFUSED_HINTS else ""
        raise EndpointError(
            f"{url} refused the upload: HTTP {err.code} {err.reason}{detail}{hint}"
        ) from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise EndpointError(
            f"cannot reach {endpoint}: {reason} (is the store running? `plankg serve --writable` "
            "starts one)"
        ) from None
