"""Plan, graph and query files that are not what they seem: a FIFO, a symlink loop, UTF-16,
Latin-1, a byte order mark. Each is one `Error:` line naming the file, or is read the same
way by both engines, and never a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.engines import OxigraphEngine, RdflibEngine
from graph.io import load_graph
from graph.query import run_query

ROOT = Path(__file__).resolve().parents[1]
# a command that reads a FIFO blocks until a writer comes: the timeout turns a hang into a failure
HANG = 60
TRIPLES = (
    "@prefix pk: <https://example.org/plankg/ontology#> .\n"
    '<https://example.org/t/1> pk:label "任务一" .\n'
    '<https://example.org/t/2> pk:label "任务二" .\n'
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def plankg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG,
        stdin=subprocess.DEVNULL,
    )


def special(tmp_path: Path, kind: str, name: str) -> Path:
    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)
    else:
        os.symlink(path.name, path)  # the link names itself
    return path


COMMANDS = {
    "build": lambda f: ["build", str(f), "-o", "out"],
    "validate": lambda f: ["validate", str(f)],
    "rank": lambda f: ["rank", "--graph", str(f)],
    "query-graph": lambda f: ["query", "ASK {}", "--graph", str(f)],
    "query-oxigraph": lambda f: ["query", "ASK {}", "--engine", "oxigraph", "--graph", str(f)],
    "query-file": lambda f: ["query", str(f), "--graph", "g.ttl"],
}
SAYS = {"fifo": "is a FIFO (named pipe), not a regular file", "loop": "symlink loop"}


@pytest.mark.parametrize("kind", sorted(SAYS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_special_files_are_refused_not_read(tmp_path: Path, kind: str, command: str) -> None:
    (tmp_path / "g.ttl").write_text(TRIPLES, encoding="utf-8")
    name = "q.rq" if command == "query-file" else "plan.txt"
    path = special(tmp_path, kind, name)
    result = plankg(*COMMANDS[command](path.name), cwd=tmp_path)
    assert result.returncode == 1, result
    assert result.stderr == f"Error: {path.name}: {SAYS[kind]}" + result.stderr.split(SAYS[kind])[1]
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert not (tmp_path / "out").exists()


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.output


QUERY_FILES = {
    # how the query file is saved: (its bytes, words the one error line holds)
    "utf-16": (COUNT.encode("utf-16"), ["UTF-16", "byte 0", "save it as UTF-8"]),
    "utf-16-no-bom": (COUNT.encode("utf-16-le"), ["UTF-16", "NUL byte at byte 1"]),
    "latin-1": (
        ("# requête\n" + COUNT).encode("latin-1"),
        ["not UTF-8", "0xea at byte 6", "save it as UTF-8"],
    ),
    "empty": (b"", ["file is empty"]),
}


@pytest.mark.parametrize("case", sorted(QUERY_FILES))
def test_query_file_in_another_encoding_is_one_line(tmp_path: Path, case: str) -> None:
    data, words = QUERY_FILES[case]
    graph, query = tmp_path / "g.ttl", tmp_path / "q.rq"
    graph.write_text(TRIPLES, encoding="utf-8")
    query.write_bytes(data)
    output = run("query", str(query), "--graph", str(graph))
    assert output.startswith(f"Error: {query}: ") and output.count("\n") == 1, output
    for word in words:
        assert word in output, (word, output)


def test_query_file_with_a_bom_runs(tmp_path: Path) -> None:
    graph, query = tmp_path / "g.ttl", tmp_path / "q.rq"
    graph.write_text(TRIPLES, encoding="utf-8")
    query.write_bytes(b"\xef\xbb\xbf" + COUNT.encode("utf-8"))
    assert run("query", str(query), "--graph", str(graph), "--format", "csv") == "n\n2\n"


@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_graph_with_a_bom_reads_the_same_on_both_engines(tmp_path: Path, suffix: str) -> None:
    turtle = tmp_path / "source.ttl"
    turtle.write_text(TRIPLES, encoding="utf-8")
    plain = tmp_path / f"plain{suffix}"
    plain.write_text(load_graph(turtle).serialize(format=suffix[1:]), encoding="utf-8")
    marked = tmp_path / f"marked{suffix}"
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    answers = {
        engine: run_query(COUNT, graph=str(marked), engine=engine).rows
        for engine in ("rdflib", "oxigraph")
    }
    assert answers["rdflib"] == answers["oxigraph"]
    assert answers["rdflib"][0][0].value == "2"
    assert RdflibEngine(load_graph(marked)).run(COUNT, {}).rows[0][0].value == "2"
    assert OxigraphEngine.load([marked]).run(COUNT, {}).rows[0][0].value == "2"


PLAN = (
    "Henan Provincial Action Plan for Testing\n"
    "1. Key tasks\n"
    "(1) Cut emissions. (The Provincial Department of Ecology and Environment takes the lead)\n"
)


def test_plan_with_a_bom_builds_like_one_without(tmp_path: Path) -> None:
    outputs = {}
    for name, data in {"plain": PLAN.encode(), "bom": b"\xef\xbb\xbf" + PLAN.encode()}.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "testing.en.txt").write_bytes(data)
        cwd = Path.cwd()
        os.chdir(folder)
        try:
            run("build", "testing.en.txt", "-o", "out")
        finally:
            os.chdir(cwd)
        outputs[name] = (folder / "out" / "graph.ttl").read_bytes()
    assert outputs["plain"] == outputs["bom"]
    assert b"Cut emissions" in outputs["bom"]


def test_latin1_plan_says_where(tmp_path: Path) -> None:
    plan = tmp_path / "p.txt"
    plan.write_bytes("Plan für Tests\n1. Aufgaben\n".encode("latin-1"))
    output = run("build", str(plan), "-o", str(tmp_path / "out"))
    assert output == (
        f"Error: {plan}: not UTF-8 text (invalid byte 0xfc at byte 6, Latin-1 or GBK?); "
        "save it as UTF-8\n"
    )


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".ttl", ".graph"])
def test_serve_reads_a_graph_with_a_bom(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    import json
    import urllib.parse
    import urllib.request

    from graph.endpoint import serve

    from .query_support import free_port

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    marked = tmp_path / f"marked{suffix}"
    marked.write_bytes(b"\xef\xbb\xbf" + TRIPLES.encode("utf-8"))
    with serve(marked, free_port()) as server:
        url = f"{server.url}/query?{urllib.parse.urlencode({'query': COUNT})}"
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as response:
            rows = json.load(response)["results"]["bindings"]
    assert rows[0]["n"]["value"] == "2"
