"""The graph at a real SPARQL endpoint: the Oxigraph server on loopback, or any Graph Store.

`serve` loads a graph file into a temporary Oxigraph store and runs the `oxigraph` server (from
the PyPI package `oxigraph`) on 127.0.0.1; `push` uploads a graph file with the SPARQL 1.1
Graph Store HTTP Protocol, which Fuseki, GraphDB, Virtuoso, Neptune and Oxigraph all speak.
"""

from __future__ import annotations

import base64
import ctypes
import errno
import fcntl
import io
import netrc
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from .errors import PlankgError, one_line
from .gate import Gate
from .io import graph_files, open_input

LOOPBACK = "127.0.0.1"
READY_TIMEOUT = 30.0  # seconds for the server to answer after it starts
STOP_TIMEOUT = 10.0
QUERY_TIMEOUT = 30  # seconds the Oxigraph server gives a query (--timeout-s) before it stops it
PUSH_TIMEOUT = 30.0  # seconds a store may take to accept the connection, and for each read
PASSWORD_VARIABLE = "PLANKG_PASSWORD"
WORKDIR_PREFIX = "plankg-serve-"
OWNER_FILE = "owner.lock"  # in each store's folder: locked by the `plankg` process serving it
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
ASK_LOGIN = (
    f"the store asks for a login: give --user NAME and the password in ${PASSWORD_VARIABLE} "
    "or ~/.netrc"
)
# The readiness probe talks to our own child on loopback: never through a configured proxy.
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent thread ends


class EndpointError(PlankgError):
    """A server that cannot start or an upload that fails; one line saying why."""


def oxigraph_binary() -> str:
    """The `oxigraph` server the PyPI package installs next to this Python, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise EndpointError("no `oxigraph` server found; install it with `pip install oxigraph`")
    return found


def said(text: str) -> str:
    """What the server said: its first error line, not the backtrace it prints after it."""
    lines = [line.strip() for line in text.split("Stack backtrace:")[0].splitlines()]
    errors = [line for line in lines if line.startswith("Error")]
    return errors[0] if errors else next((line for line in reversed(lines) if line), "no message")


def tie_to_parent() -> Callable[[], None]:
    """For preexec_fn: the child is killed when this process ends, even by SIGKILL (Linux).

    The signal is sent when the thread that started the child ends, so start it from the
    thread that stops it (the main thread in `plankg serve`).
    """
    parent = os.getpid()
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)

    def tie() -> None:
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent ended before the tie: end now
            os._exit(1)

    return tie


def claim_workdir() -> tuple[Path, int]:
    """A fresh folder for the store, and the open, locked file that marks it as ours.

    The lock ends with this process however it ends, so a folder whose lock can be taken and
    that names its owner was left by a `plankg serve` that was killed: sweep_stale removes it.
    """
    sweep_stale(Path(tempfile.gettempdir()))
    workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
    owner = os.open(workdir / OWNER_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(owner, fcntl.LOCK_EX)
    os.write(owner, f"{os.getpid()}\n".encode())
    return workdir, owner


def sweep_stale(folder: Path) -> list[Path]:
    """Remove the store folders of killed `plankg serve` runs in folder; returns them."""
    removed = []
    for workdir in sorted(folder.glob(f"{WORKDIR_PREFIX}*")):
        try:
            if workdir.is_symlink() or workdir.stat().st_uid != os.getuid():
                continue  # another user's, or a link to somewhere else: never ours to remove
            owner = os.open(workdir / OWNER_FILE, os.O_RDWR | os.O_NOFOLLOW)
        except OSError:
            continue  # not ours to judge: no owner file, or not readable by us
        try:
            fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
            named = os.read(owner, 32).strip()
        except OSError:
            continue  # locked: its server is running
        finally:
            os.close(owner)
        if named:  # an owner wrote its pid under the lock, and the lock is free: it has ended
            shutil.rmtree(workdir, ignore_errors=True)
            removed.append(workdir)
    return removed


def open_gate(port: int, allow_service: bool = False, query_timeout: int = QUERY_TIMEOUT) -> Gate:
    """Take the user's port now, before loading anything: a port in use is one clear line."""
    try:
        return Gate(LOOPBACK, port, allow_service, query_timeout)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise EndpointError(
                f"port {port} on {LOOPBACK} is in use; choose another with --port "
                f"(e.g. --port {port + 1 if port < 65535 else port - 1})"
            ) from None
        raise EndpointError(f"cannot listen on {LOOPBACK}:{port}: {err.strerror}") from None


def spare_port() -> int:
    """A loopback port for the Oxigraph server behind the gate (the OS's pick, released)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running Oxigraph server over a temporary store behind the gate at url; stop() ends both
    and removes the store."""

    url: str
    writable: bool
    process: subprocess.Popen
    workdir: Path
    gate: Gate
    owner: int  # the locked owner file of workdir

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
        self.gate.close()
        end_process(self.process)
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.close(self.owner)

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def end_process(process: subprocess.Popen) -> None:
    """SIGTERM, and SIGKILL if it has not ended within STOP_TIMEOUT."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)


def serve(
    graphs: Path | Sequence[Path],
    port: int = 7878,
    writable: bool = False,
    timeout: float = READY_TIMEOUT,
    query_timeout: int = QUERY_TIMEOUT,
    allow_service: bool = False,
) -> Server:
    """Start the Oxigraph server with the graph file(s) loaded, behind the gate on
    127.0.0.1:port; returns once it answers.

    Read-only unless writable. A query runs at most query_timeout seconds, whether or not
    its client still waits; one calling SERVICE is refused unless allow_service. The caller stops it (`with serve(...) as server:`); if this
    process is killed instead, the server ends with it and the next serve removes its store.
    """
    files = graph_files(graphs)
    binary = oxigraph_binary()
    gate = open_gate(port, allow_service, query_timeout)
    try:
        workdir, owner = claim_workdir()
    except BaseException:
        gate.close()
        raise
    store, log = workdir / "store", workdir / "server.log"
    try:
        for graph in files:  # one load each: a file without a known suffix is read as Turtle
            load_file(binary, store, graph)
        mode = "serve" if writable else "serve-read-only"
        inner = spare_port()
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [
                    *(binary, mode, "--location", str(store), "--bind", f"{LOOPBACK}:{inner}"),
                    *("--timeout-s", str(query_timeout)),
                ],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                preexec_fn=tie_to_parent(),
                start_new_session=True,  # Ctrl-C reaches plankg, which stops the server in order
            )
        server = Server(f"http://{LOOPBACK}:{port}", writable, process, workdir, gate, owner)
    except BaseException:
        gate.close()
        shutil.rmtree(workdir, ignore_errors=True)
        os.close(owner)
        raise
    try:
        wait_until_ready(process, f"http://{LOOPBACK}:{inner}", log, timeout)
        gate.open_to(LOOPBACK, inner)
    except BaseException:
        server.stop()
        raise
    return server


def load_file(binary: str, store: Path, graph: Path) -> None:
    fmt = CONTENT_TYPES.get(graph.suffix, CONTENT_TYPES[".ttl"])
    load = [binary, "load", "--location", str(store), "--format", fmt]
    with open_input(graph, "graph") as source:
        # past a byte order mark the file goes on stdin, read as `plankg query` reads it
        marked = source.tell() > 0
        os.lseek(source.fileno(), source.tell(), os.SEEK_SET)  # the fd, not Python's buffer
        with subprocess.Popen(
            load if marked else [*load, "--file", str(graph)],
            stdin=source if marked else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=tie_to_parent(),
            start_new_session=True,
        ) as loading:
            try:
                output = loading.communicate()[0].decode("utf-8", errors="replace")
            finally:
                end_process(loading)  # stopped here while loading: the loader stops too
    if loading.returncode:
        raise EndpointError(f"{graph}: the Oxigraph server cannot load it: {said(output)}")


def wait_until_ready(process: subprocess.Popen, url: str, log: Path, timeout: float) -> None:
    probe = f"{url}/query?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    request = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            text = log.read_text(encoding="utf-8", errors="replace")
            raise EndpointError(f"the Oxigraph server stopped at start: {said(text)}")
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
    graphs: Path | Sequence[Path],
    endpoint: str,
    graph_iri: str | None = None,
    timeout: float = PUSH_TIMEOUT,
    user: str | None = None,
) -> str:
    """PUT the graph file into a Graph Store (replacing that graph), and POST (merge) any more
    files into the same graph; returns the status line(s).

    endpoint is the store's Graph Store URL (Oxigraph: http://host:7878/store, Fuseki:
    http://host:3030/DATASET/data, Virtuoso: http://host:8890/sparql-graph-crud-auth);
    graph_iri names the graph, else the default graph. A store that asks for a login gets
    user (or the user in the URL) with the password from $PLANKG_PASSWORD, the URL or netrc,
    by HTTP Basic or Digest, whichever it asks for. No message shows the password.
    """
    files = graph_files(graphs)
    parts = urllib.parse.urlsplit(endpoint)
    shown = redact(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"--endpoint must be an http(s) URL; got {shown!r}")
    login = credentials(parts, user)
    bare = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    target = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    url = f"{bare}{'&' if parts.query else '?'}{target}"
    methods = ["PUT"] + ["POST"] * (len(files) - 1)
    statuses = [
        send(graph, method, url, bare, shown, login, timeout)
        for graph, method in zip(files, methods, strict=True)
    ]
    return ", ".join(dict.fromkeys(statuses))


def send(
    graph: Path,
    method: str,
    url: str,
    bare: str,
    shown: str,
    login: tuple[str, str] | None,
    timeout: float,
) -> str:
    """One Graph Store request with the graph file as its body; the status line."""
    headers = {
        "Content-Type": CONTENT_TYPES.get(graph.suffix, "text/turtle"),
        "Content-Length": str(graph.stat().st_size),
    }
    request = urllib.request.Request(url, data=FileBody(graph), headers=headers, method=method)
    logins = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    if login:
        logins.add_password(None, bare, *login)
    digest = OneDigestTry(logins)
    try:
        authorize(request, login, digest, timeout)
        access = urllib.request.build_opener(digest, urllib.request.HTTPBasicAuthHandler(logins))
        with access.open(request, timeout=timeout) as response:
            return f"HTTP {response.status} {response.reason}"
    except urllib.error.HTTPError as err:
        answer = err.read(2000).decode("utf-8", errors="replace").strip().splitlines()
        detail = f": {answer[0][:200]}" if answer else ""
        hint = REFUSED_HINTS.get(err.code)
        if err.code == 401:
            hint = f"the store refused the login of {login[0]!r}" if login else ASK_LOGIN
        message = f"{url} refused the upload: HTTP {err.code} {err.reason}{detail}"
        raise EndpointError(hide(f"{message} ({hint})" if hint else message, login)) from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        if isinstance(reason, TimeoutError):
            raise EndpointError(
                f"{shown} did not answer within {timeout:g} s (--timeout sets how long to wait)"
            ) from None
        if isinstance(reason, BrokenPipeError | ConnectionResetError):
            raise EndpointError(
                hide(f"{url} hung up while the graph was being sent ({reason.strerror})", login)
            ) from None
        raise EndpointError(
            hide(
                f"cannot reach {shown}: {reason} (is the store running? `plankg serve --writable` "
                "starts one)",
                login,
            )
        ) from None


class FileBody:
    """A file sent in blocks, from its start each time it is sent (an auth retry sends again)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as stream:
            while block := stream.read(64 * 1024):
                yield block


class OneDigestTry(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that answers a refused login at once, not after five more uploads."""

    def http_error_auth_reqed(self, authreq, host, req, headers):  # type: ignore[no-untyped-def]
        if self.retried:
            raise urllib.error.HTTPError(req.full_url, 401, "Unauthorized", headers, io.BytesIO())
        return super().http_error_auth_reqed(authreq, host, req, headers)


def authorize(
    request: urllib.request.Request,
    login: tuple[str, str] | None,
    digest: urllib.request.HTTPDigestAuthHandler,
    timeout: float,
) -> None:
    """Settle the login before the graph is sent: an empty HEAD first, then one with the login.

    A store that wants a login may refuse an upload before reading it and hang up, which the
    client sees as a broken connection, not a 401; and a wrong password costs no upload.
    Digest is preferred where the store offers both.
    """
    said = challenge(urllib.request.Request(request.full_url, method="HEAD"), timeout)
    if said is None:
        return
    if login is None:
        raise urllib.error.HTTPError(request.full_url, 401, "Unauthorized", None, io.BytesIO())  # type: ignore[arg-type]
    scheme, _, rest = said.partition(" ")

    def answer(req: urllib.request.Request) -> str:
        if scheme.lower() == "basic":
            return "Basic " + base64.b64encode(":".join(login).encode()).decode()
        if scheme.lower() == "digest":
            asked = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
            signed = digest.get_authorization(req, asked)
            if signed:
                return f"Digest {signed}"
        raise EndpointError(f"the store asks for a login plankg cannot give: {one_line(said, 80)}")

    checked = urllib.request.Request(request.full_url, method="HEAD")
    checked.add_unredirected_header("Authorization", answer(checked))
    if challenge(checked, timeout) is not None:
        raise urllib.error.HTTPError(request.full_url, 401, "Unauthorized", None, io.BytesIO())  # type: ignore[arg-type]
    request.add_unredirected_header("Authorization", answer(request))


def challenge(request: urllib.request.Request, timeout: float) -> str | None:
    """The store's WWW-Authenticate challenge (Digest before Basic), or None if it asks none."""
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return None
    except urllib.error.HTTPError as err:
        offered = (err.headers.get_all("WWW-Authenticate") or []) if err.code == 401 else []
        ranked = sorted(offered, key=lambda c: c.split(" ")[0].lower() != "digest")
        return ranked[0].strip() if ranked else None


def credentials(parts: urllib.parse.SplitResult, user: str | None) -> tuple[str, str] | None:
    """(user, password) for the store, or None when no login is asked for.

    The password comes from the URL, else $PLANKG_PASSWORD, else the netrc entry of the host
    ($NETRC or ~/.netrc); never from a command-line option.
    """
    name = user or (urllib.parse.unquote(parts.username) if parts.username else None)
    if parts.password is not None:
        password: str | None = urllib.parse.unquote(parts.password)
    else:
        password = os.environ.get(PASSWORD_VARIABLE) or None
    if password is None:
        entry = netrc_entry(parts.hostname or "")
        if entry and (name is None or name == entry[0]):
            name, password = entry
    if password is None and name is not None:
        raise EndpointError(
            f"no password for {name!r}: set ${PASSWORD_VARIABLE} or add the host to ~/.netrc "
            "(a password is never taken from the command line)"
        )
    if password is not None and name is None:
        raise EndpointError(
            f"${PASSWORD_VARIABLE} is set but no user is given: add --user NAME "
            "(or unset the variable)"
        )
    return (name, password) if name is not None and password is not None else None


def netrc_entry(host: str) -> tuple[str, str] | None:
    """(login, password) for host from $NETRC or ~/.netrc, if the file names the host."""
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as err:
        what = re.sub(r"'[^']*'", "a token", err.msg)  # the token may be a password: never shown
        raise EndpointError(f"{path}: line {err.lineno}: {what}") from None
    except OSError as err:
        raise EndpointError(f"{path}: cannot read it: {err.strerror}") from None
    if entry is None or entry[2] is None:
        return None
    return entry[0], entry[2]


def redact(url: str) -> str:
    """The URL with any password in it replaced by ***, to show in a message."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    name = userinfo.partition(":")[0]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{name}:***@{host}"))


def hide(message: str, login: tuple[str, str] | None) -> str:
    """message with the password taken out, wherever a store or library echoed it."""
    return message.replace(login[1], "***") if login and login[1] else message
