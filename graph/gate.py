"""The gate in front of `plankg serve`'s Oxigraph server: it holds the user's port and relays.

A page on another site can make the browser send requests to 127.0.0.1: a form that POSTs a
`DELETE WHERE { ?s ?p ?o }` to /update, or (DNS rebinding) its own host name resolved to
127.0.0.1 so the browser treats our server as that site. The gate answers only requests whose
Host is this server's own (127.0.0.1:PORT or localhost:PORT), and takes writes (anything but
GET, HEAD, OPTIONS and a POSTed query) only when the Origin, if the client sent one, is this
server's own page. Command-line clients send no Origin and pass; browsers always send one.

A query or update calling SERVICE, in the URL (?query=, ?update=), a form or a SPARQL body, is
answered 400 and never reaches Oxigraph, which would fetch from that server, unless the gate
was opened with allow_service. Oxigraph stops a query at its own --timeout-s; the gate waits
for its answer that long and a little more, never for ever.
"""

from __future__ import annotations

import http.client
import http.server
import threading
import urllib.parse
from collections.abc import Iterator

from .sparql_syntax import federated, refusal

BLOCK = 64 * 1024
ANSWER_GRACE = 10.0  # seconds past the query time limit before the gate gives up on Oxigraph
# bodies that carry SPARQL, read whole to look for SERVICE: the parameter of a form, or None
SPARQL_BODIES = {
    "application/x-www-form-urlencoded": None,
    "application/sparql-query": "query",
    "application/sparql-update": "update",
}
READS = frozenset({"GET", "HEAD", "OPTIONS"})
# Headers about one connection, not the request: never relayed (RFC 9110, section 7.6.1)
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


class Gate(http.server.ThreadingHTTPServer):
    """Listens on host:port from the start; relays to the upstream port once `open_to` is called."""

    daemon_threads = True

    def __init__(
        self, host: str, port: int, allow_service: bool = False, query_timeout: float = 30.0
    ) -> None:
        super().__init__((host, port), Relay)
        self.allow_service, self.query_timeout = allow_service, query_timeout
        port = self.server_address[1]
        names = [f"{host}:{port}", f"localhost:{port}"]
        if port == 80:
            names += [host, "localhost"]
        self.hosts = frozenset(names)
        self.origins = frozenset(f"http://{name}" for name in names)
        self.upstream: tuple[str, int] | None = None
        self.thread: threading.Thread | None = None

    def open_to(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.thread = threading.Thread(target=self.serve_forever, name="plankg-gate", daemon=True)
        self.thread.start()

    def close(self) -> None:
        if self.thread is not None:
            self.shutdown()
            self.thread.join()
        self.server_close()

    def refusal(self, method: str, path: str, host: str | None, origin: str | None) -> str | None:
        """Why a request is refused, or None to relay it."""
        if (host or "").lower() not in self.hosts:
            own = " or ".join(sorted(self.hosts))
            return f"this server answers requests for {own} only, not Host: {host or '(none)'}"
        is_query = method == "POST" and urllib.parse.urlsplit(path).path == "/query"
        if method in READS or is_query or origin is None:
            return None
        if origin.lower() not in self.origins:
            return f"writes are taken only from this server's own page, not from Origin: {origin}"
        return None

    def federation(self, target: str, content_type: str, body: bytes) -> str | None:
        """Why a query or update is refused for calling SERVICE, or None to relay it."""
        if self.allow_service:
            return None
        given = urllib.parse.parse_qs(urllib.parse.urlsplit(target).query)
        kind = content_type.split(";")[0].strip().lower()
        if kind in SPARQL_BODIES:
            text = body.decode("utf-8", errors="replace")
            named = SPARQL_BODIES[kind]
            form = {named: [text]} if named else urllib.parse.parse_qs(text)
            given = {k: given.get(k, []) + form.get(k, []) for k in given.keys() | form.keys()}
        for name in ("query", "update"):
            for text in given.get(name, []):
                service = federated(text, update=name == "update")
                if service:
                    return refusal(service, "`plankg serve` is started with --allow-service")
        return None


class Relay(http.server.BaseHTTPRequestHandler):
    """One request: refused with 403 and the reason, or passed to Oxigraph and its answer back."""

    server: Gate
    protocol_version = "HTTP/1.0"  # one request per connection: the answer ends at close

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client hung up; nothing to tell it

    def relay(self) -> None:
        why = self.server.refusal(
            self.command, self.path, self.headers.get("Host"), self.headers.get("Origin")
        )
        if why:
            self.send_error(403, "Forbidden", why)
            return
        try:
            body = self.body()
        except ValueError:
            self.send_error(400, "Bad Request", "the chunked body is not well formed")
            return
        kind = self.headers.get("Content-Type", "")
        if kind.split(";")[0].strip().lower() in SPARQL_BODIES:
            body = Body(self.rfile, 0, b"".join(body))
        why = self.server.federation(self.path, kind, body.whole or b"")
        if why:
            self.send_error(400, "Bad Request", why)
            return
        assert self.server.upstream is not None
        wait = self.server.query_timeout + ANSWER_GRACE
        upstream = http.client.HTTPConnection(*self.server.upstream, timeout=wait)
        try:
            upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                    upstream.putheader(name, value)
            upstream.putheader("Content-Length", str(body.length))
            upstream.endheaders()
            for block in body:
                upstream.send(block)
            answer = upstream.getresponse()
        except (OSError, http.client.HTTPException):
            upstream.close()
            self.send_error(502, "Bad Gateway", "the Oxigraph server behind plankg did not answer")
            return
        try:
            self.send_response_only(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.end_headers()
            while block := answer.read1(BLOCK):
                self.wfile.write(block)
        finally:
            upstream.close()

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = relay

    def body(self) -> Body:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return Body(self.rfile, 0, unchunked(self.rfile))
        return Body(self.rfile, int(self.headers.get("Content-Length") or 0))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        pass  # the Oxigraph server keeps its own log


class Body:
    """A request body of known length, read in blocks; a chunked one is read whole first."""

    def __init__(self, stream, length: int, whole: bytes | None = None) -> None:
        self.stream, self.whole = stream, whole
        self.length = len(whole) if whole is not None else length

    def __iter__(self) -> Iterator[bytes]:
        if self.whole is not None:
            yield self.whole
            return
        left = self.length
        while left > 0 and (block := self.stream.read(min(BLOCK, left))):
            left -= len(block)
            yield block


def unchunked(stream) -> bytes:
    """The body of a `Transfer-Encoding: chunked` request (RFC 9112, section 7.1)."""
    parts = []
    while size := int(stream.readline().split(b";")[0].strip() or b"0", 16):
        parts.append(stream.read(size))
        stream.readline()
    while stream.readline().strip():  # trailer fields, up to the empty line
        pass
    return b"".join(parts)
