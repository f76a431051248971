"""Fixtures shared by the query and endpoint tests: graph files to query, and loopback ports.

A test module imports the `*_fixture` functions it uses, so pytest finds the fixtures there
(the fixtures keep their short names: `henan_file`, `corpus_file`, `henan`, `corpus`).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from graph.cli import main
from graph.engines import Engine
from graph.io import PLANS
from graph.query import Answer, Term, open_graph, run_query

from .conftest import FIXTURES, HENAN_EN

ID = "https://w3id.org/plankg/id/"
CORPUS = [
    HENAN_EN,
    PLANS / "henan-2023.zh.txt",
    FIXTURES / "shanxi-2024.en.txt",
    FIXTURES / "hubei-2023.en.txt",
]


@pytest.fixture(scope="session", name="henan_file")
def henan_file_fixture(henan_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The graph of the English Henan text, as `plankg build` writes it."""
    path = tmp_path_factory.mktemp("henan") / "graph.ttl"
    path.write_text(henan_graph.serialize(format="turtle"), encoding="utf-8")
    return path


@pytest.fixture(scope="session", name="corpus_file")
def corpus_file_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Henan in both languages plus the invented Shanxi and Hubei plans, built by the CLI."""
    out = tmp_path_factory.mktemp("corpus")
    result = CliRunner().invoke(main, ["build", *map(str, CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


@pytest.fixture(scope="session", name="henan")
def henan_fixture(henan_file: Path) -> Engine:
    return open_graph(henan_file, "oxigraph")


@pytest.fixture(scope="session", name="corpus")
def corpus_fixture(corpus_file: Path) -> Engine:
    return open_graph(corpus_file, "oxigraph")


def rows(engine: Engine, query: str, **params: str) -> list[dict]:
    """A query's rows as dicts of plain values (IRIs as full strings)."""
    return run_query(query, engine, params).records()


def free_port() -> int:
    """A loopback port nothing listens on (the OS's pick, released again)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def normal(term: Term | None) -> tuple:
    """A term with its literal form normalised: 90, 90.0 and "90"^^xsd:decimal are one."""
    if term is None:
        return ("unbound",)
    value = term.plain()
    if isinstance(value, float | int) and not isinstance(value, bool):
        value = round(float(value), 6)
    return (term.kind, value, term.lang)


def answer_set(answer: Answer) -> tuple[list[str], list[tuple]]:
    """Variables and rows, the rows as a sorted list of normalised terms: order-free."""
    return answer.variables, sorted(
        (tuple(normal(t) for t in row) for row in answer.rows), key=repr
    )
