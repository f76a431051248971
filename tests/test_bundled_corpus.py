"""The bundled corpus: the real plans ship in data/plans/corpus/, `plankg build --corpus`
builds them with the demo plan into one graph, and `plankg build` alone stays the demo."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import RDF, Graph

from graph.cli import main
from graph.io import CORPUS, ROOT, bundled_plans, corpus_plans
from graph.namespace import PK

REAL = ROOT / "tests" / "data" / "real"


def test_the_corpus_is_the_real_plans_byte_for_byte() -> None:
    shipped = sorted(p.name for p in CORPUS.glob("*.txt"))
    assert shipped == sorted(p.name for p in REAL.glob("*.txt"))
    assert len(shipped) == 8
    for name in shipped:
        assert (CORPUS / name).read_bytes() == (REAL / name).read_bytes(), name


def test_the_corpus_says_where_it_comes_from() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "3416a075c7588ac79ae72a07bef8737683d2eb76" in readme
    assert "Article 5" in readme
    for path in CORPUS.glob("*.txt"):
        assert f"`{path.name}`" in readme, path.name


def test_the_demo_stays_the_henan_plan() -> None:
    assert [p.name for p in bundled_plans()] == ["henan-2023.en.txt", "henan-2023.zh.txt"]
    every = corpus_plans()
    assert every[:2] == bundled_plans() and len(every) == 10


def test_corpus_and_files_together_is_a_usage_error(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["build", "--corpus", "x.txt", "-o", str(tmp_path)])
    assert done.exit_code == 2 and "--corpus" in done.output
    assert not list(tmp_path.iterdir())


def test_corpus_builds_every_bundled_plan_into_one_graph(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["build", "--corpus", "-o", str(tmp_path)])
    assert done.exit_code == 0, done.output
    g = Graph().parse(tmp_path / "graph.ttl")
    assert len(set(g.subjects(RDF.type, PK.Plan))) == 9
