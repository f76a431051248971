"""Errors a user can cause say what to do next, in one line, and never as a traceback."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.cli import main
from graph.io import PLANS
from tests.conftest import FIXTURES
from tests.test_cli_errors import UNKNOWN, write_plan

SHANXI = FIXTURES / "shanxi-2024.en.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def error_line(result: Result) -> str:
    """The last line on stderr, checked to be the `Error:` line of a failed command."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("Error: "), result.stderr
    return line


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = run("build", str(SHANXI), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


@pytest.fixture
def not_a_graph(tmp_path: Path) -> Path:
    bad = tmp_path / "report.ttl"
    bad.write_text("# Report\n\nthis is { not turtle\n", encoding="utf-8")
    return bad


@pytest.mark.parametrize("plan_id", ["Foo Bar", "henan/2023", "-x"])
def test_plan_id_that_cannot_be_an_iri(tmp_path: Path, plan_id: str) -> None:
    out = tmp_path / "out"
    line = error_line(run("build", str(SHANXI), "--plan-id", plan_id, "-o", str(out)))
    assert "--plan-id" in line and "lower-case letters, digits and hyphens" in line
    assert not out.exists()


def test_diff_of_a_plan_id_with_a_space_lists_the_plans(small_graph: Path) -> None:
    line = error_line(run("diff", "shanxi 2024", "--graph", str(small_graph)))
    assert line.endswith("no plan 'shanxi 2024' in this graph (plans: shanxi-2024)")


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("Hennan", "did you mean henan or"),
        ("zhengzou", "zhengzhou?"),
        ("atlantis", "(lower-case ids such as henan, zhengzhou, china, codes such as 410000"),
    ],
)
def test_unknown_jurisdiction_suggests_a_place_id(tmp_path: Path, given: str, says: str) -> None:
    plan = PLANS / "henan-2023.en.txt"
    line = error_line(run("build", str(plan), "--jurisdiction", given, "-o", str(tmp_path / "o")))
    assert f"unknown jurisdiction {given!r}" in line and says in line


@pytest.mark.parametrize("command", ["build", "views"])
def test_output_under_a_file(tmp_path: Path, small_graph: Path, command: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    target = str(blocker / "out")
    first = str(SHANXI) if command == "build" else str(small_graph)
    line = error_line(run(command, first, "-o", target))
    assert line == (
        f"Error: {target}: cannot create the output directory (Not a directory); choose another -o"
    )


def test_output_with_a_file_where_site_goes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "site").write_text("a file, not the site's directory", encoding="utf-8")
    line = error_line(run("build", str(SHANXI), "-o", str(out)))
    # a build replaces its whole folder: one it did not write is refused, its files kept
    assert line.startswith(f"Error: {out}: has files but was not written by `plankg build`")
    assert line.endswith("so choose another -o (or empty this one)")
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["site"]
    (out / ".plankg-build").write_text("", encoding="utf-8")  # an earlier build's folder
    assert run("build", str(SHANXI), "-o", str(out)).exit_code == 0
    assert (out / "site" / "index.html").is_file()


@pytest.mark.parametrize(
    "args",
    [["validate"], ["rank", "--graph"], ["query", "open-lists", "--engine", "oxigraph", "--graph"]],
    ids=["validate", "rank", "query"],
)
def test_a_file_that_is_not_a_graph(not_a_graph: Path, args: list[str]) -> None:
    line = error_line(run(*args, str(not_a_graph)))
    assert str(not_a_graph) in line and "cannot read as RDF" in line
    assert line.endswith("name a graph file `plankg build` wrote (DIR/graph.ttl)")


def test_strict_build_names_the_registry(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)  # names an agency no registry or rule knows
    line = error_line(run("build", str(plan), "--strict", "-o", str(tmp_path / "out")))
    assert repr(UNKNOWN) in line
    assert "data/registries/agencies.csv, or build without --strict" in line


def test_agency_with_no_near_name_points_to_rank(small_graph: Path) -> None:
    line = error_line(run("agency", "zzzzzzzz", "--graph", str(small_graph)))
    assert (
        line == "Error: no agency named 'zzzzzzzz' in the graph; `plankg rank` lists every agency"
    )


def test_serve_on_a_port_in_use_names_another(small_graph: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = error_line(run("serve", "--graph", str(small_graph), "--port", str(port)))
    assert line == (
        f"Error: port {port} on 127.0.0.1 is in use; "
        f"choose another with --port (e.g. --port {port + 1})"
    )


def test_push_to_nothing_listening_says_to_start_a_store(small_graph: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    line = error_line(
        run("push", "--graph", str(small_graph), "--endpoint", f"http://127.0.0.1:{port}/store")
    )
    assert line.endswith("(is the store running? `plankg serve --writable` starts one)")


class Refusing(http.server.BaseHTTPRequestHandler):
    """A store that refuses every PUT: 403 at /store, 404 anywhere else."""

    def do_PUT(self) -> None:  # noqa: N802 (the handler's name is the HTTP verb)
        self.rfile.read(int(self.headers["Content-Length"]))
        status = 403 if self.path.startswith("/store") else 404
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"no\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def refusing() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/store", "HTTP 403 Forbidden: no (the store takes no writes there; `plankg serve` takes"),
        ("/sparql", "HTTP 404 Not Found: no (--endpoint is the store's Graph Store URL:"),
    ],
)
def test_push_refused_says_why(small_graph: Path, refusing: str, path: str, says: str) -> None:
    line = error_line(run("push", "--graph", str(small_graph), "--endpoint", refusing + path))
    assert says in line
