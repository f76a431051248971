"""Headless Chromium for the view tests: Debian's /usr/bin/chromium driven by Playwright, the
site served from loopback, every request leaving the site folder recorded and refused."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SETTLE_MS = 90_000


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_chromium() -> None:
    """Skip when Chromium is not installed on a developer's machine; fail in CI, where .ci/run
    installs it."""
    if CHROMIUM.exists():
        return
    if in_ci():
        pytest.fail(f"CI is set but {CHROMIUM} is missing: .ci/run installs Debian's chromium")
    pytest.skip(
        f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk); "
        "with CI set this is a failure"
    )


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """The directory over HTTP on 127.0.0.1 (a free port); yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Visit:
    """One page as loaded: the Playwright page, its console errors and refused requests."""

    page: Any
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def evaluate(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two screen boxes ({x, y, width, height}) share any area."""
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def chromium_browser() -> Iterator[Any]:
    """Debian's Chromium, headless, for one test module: `browser = pytest.fixture(
    scope="module", name="browser")(chromium_browser)`."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def built(folder: Path, *options: str) -> tuple[Path, Any]:
    """`plankg build OPTIONS -o folder`, checked, and the graph it wrote."""
    from click.testing import CliRunner
    from rdflib import Graph

    from graph.cli import main

    result = CliRunner().invoke(main, ["build", *options, "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder, Graph().parse(folder / "graph.ttl")


def visit(
    browser: Any, base: str, path: str, *, bypass_csp: bool = False, settle: bool = True
) -> Visit:
    """Open base + path in a fresh context, and for a view wait until its layout has settled
    (settle=False: a page that draws no view, such as compare.html)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp)
    page = context.new_page()
    seen = Visit(page)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))

    def route(r: Any) -> None:
        if r.request.url.startswith(base):
            r.continue_()
        else:
            seen.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(base + path)
    if settle and path != "index.html":
        page.wait_for_function("() => window.plankg && window.plankg.settled", timeout=SETTLE_MS)
    return seen


def drawn(v: Visit) -> set[str]:
    """The nodes vis-network draws (its body's node list) once the layout has settled."""
    return set(v.evaluate("() => window.plankg.network.body.nodeIndices.slice()"))


def node_point(v: Visit, node: str) -> tuple[float, float] | None:
    """Where node is on screen, if it is the node under that point (not covered by another)."""
    return v.evaluate(
        """(id) => {
            const net = window.plankg.network;
            const dom = net.canvasToDOM(net.getPosition(id));
            if (net.getNodeAt(dom) !== id) return null;
            const box = document.getElementById("network").getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        node,
    )


def close(v: Visit) -> None:
    v.page.context.close()
