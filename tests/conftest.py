"""Shared fixtures: the real registry and the Henan plan analysed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.build import build_graph
from graph.io import PLANS, read_plan
from graph.pipeline import SourceAnalysis, analyse
from graph.registry import Registry, load_registry

TESTS = Path(__file__).parent
FIXTURES = TESTS / "data" / "plans"
HENAN_EN = PLANS / "henan-2023.en.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/* from this build"
    )


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="session")
def henan_en(registry: Registry) -> SourceAnalysis:
    return analyse(str(HENAN_EN), read_plan(HENAN_EN), registry, "henan-2023")


@pytest.fixture(scope="session")
def henan_graph(henan_en: SourceAnalysis, registry: Registry):
    return build_graph([henan_en], registry)


@pytest.fixture(scope="session")
def henan_both(henan_en: SourceAnalysis, registry: Registry) -> list[SourceAnalysis]:
    zh = PLANS / "henan-2023.zh.txt"
    return [henan_en, analyse(str(zh), read_plan(zh), registry, "henan-2023")]


@pytest.fixture(scope="session")
def bilingual_graph(henan_both: list[SourceAnalysis], registry: Registry):
    from graph.reconcile import reconcile

    return build_graph(henan_both, registry, reconcile(henan_both))


@pytest.fixture(scope="session")
def analysed_graph(bilingual_graph):
    """The bilingual Henan graph with its analysis results (graph.ttl + analysis.ttl)."""
    from rdflib import Graph

    from graph.analysis.results import analysis_graph

    g = Graph()
    for triple in bilingual_graph:
        g.add(triple)
    for triple in analysis_graph(bilingual_graph):
        g.add(triple)
    return g
