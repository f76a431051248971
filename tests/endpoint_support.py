"""Running `plankg serve` as a user does, for the endpoint tests: started, found, stopped."""

from __future__ import annotations

import contextlib
import http.server
import os
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

PLANKG = str(Path(sys.executable).parent / "plankg")
WAIT = 60  # seconds: the most any start or stop may take


def start_cli(graph: Path, port: int, tmp: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """`plankg serve` as a user runs it; returns the process and the URL it printed."""
    env = {**os.environ, "TMPDIR": str(tmp)}
    args = [PLANKG, "serve", "--graph", str(graph), "--port", str(port), *extra]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    ready, _, _ = select.select([process.stdout], [], [], WAIT)
    line = process.stdout.readline().decode() if ready else ""  # type: ignore[union-attr]
    if "serving" not in line:
        stop_cli(process)
        pytest.fail(f"plankg serve printed {line!r}; stderr: {process.stderr.read()!r}")  # type: ignore[union-attr]
    return process, line.split(" at ")[1].split()[0].rstrip("/")


def stop_cli(process: subprocess.Popen) -> int:
    """Ctrl-C, as a user stops it; a kill only if it does not stop in time."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        return process.wait(WAIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(WAIT)
        raise


@contextlib.contextmanager
def http_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[int]:
    """A stand-in store on a loopback port: handler answers every request until the block ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(WAIT)
