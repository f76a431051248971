"""The one `--graph` option: repeated, every file is read (it used to keep only the last); and
the one error base: a PlankgError from any command is one `Error:` line, exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from graph.cli import Commands, main
from graph.errors import PlanError, PlankgError
from tests.conftest import FIXTURES

SHANXI = FIXTURES / "shanxi-2024.en.txt"
HUBEI = FIXTURES / "hubei-2023.en.txt"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def two_graphs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two builds, one plan each."""
    found = []
    for plan in (SHANXI, HUBEI):
        out = tmp_path_factory.mktemp(plan.stem.split(".")[0])
        result = run("build", plan, "-o", out)
        assert result.exit_code == 0, result.output
        found.append(out / "graph.ttl")
    return found[0], found[1]


def plans_ranked(*graphs: Path) -> set[str]:
    args = [a for g in graphs for a in ("--graph", g)]
    result = run("query", "SELECT DISTINCT ?p WHERE { ?p a pk:Plan }", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["p"].rsplit("/", 1)[-1] for row in json.loads(result.stdout)}


def test_query_reads_every_graph_given(two_graphs: tuple[Path, Path]) -> None:
    shanxi, hubei = two_graphs
    assert plans_ranked(shanxi) == {"shanxi-2024"}
    assert plans_ranked(hubei) == {"hubei-2023"}
    assert plans_ranked(shanxi, hubei) == {"shanxi-2024", "hubei-2023"}


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_both_engines_read_every_graph(two_graphs: tuple[Path, Path], engine: str) -> None:
    shanxi, hubei = two_graphs
    text = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pk:Plan }"
    result = run("query", text, "--graph", shanxi, "--graph", hubei, "--engine", engine)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].strip() == "2"


def test_rank_and_diff_read_every_graph(two_graphs: tuple[Path, Path]) -> None:
    shanxi, hubei = two_graphs
    both = ["--graph", shanxi, "--graph", hubei]
    alone = json.loads(run("rank", "--graph", hubei, "--format", "json").stdout)
    together = run("rank", *both, "--plan", "hubei-2023", "--format", "json")
    assert together.exit_code == 0, together.output
    assert json.loads(together.stdout) == alone
    assert run("rank", *both, "--plan", "shanxi-2024").exit_code == 0
    assert "no plan 'shanxi-2024'" in run("rank", "--graph", hubei, "--plan", "shanxi-2024").stderr
    assert run("diff", "shanxi-2024", *both).exit_code == 0


def test_a_missing_second_graph_is_named(two_graphs: tuple[Path, Path], tmp_path: Path) -> None:
    missing = tmp_path / "none.ttl"
    result = run("rank", "--graph", two_graphs[0], "--graph", missing)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {missing}: no such graph file (run `plankg build` first)"
    )


def test_validate_reads_every_graph_given(two_graphs: tuple[Path, Path], tmp_path: Path) -> None:
    shanxi, hubei = two_graphs
    result = run("validate", shanxi, shanxi.parent / "analysis.ttl", hubei)
    assert result.exit_code == 0, result.output
    assert "Conforms: True" in result.stdout
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    assert run("validate", empty, hubei).exit_code == 0  # the plan is in the second file
    failed = run("validate", empty, empty)
    assert failed.exit_code == 1
    assert failed.stderr.startswith(f"Error: {empty}, {empty}: empty graph (no triples)")


def group_with(error: Exception) -> click.Group:
    @click.group(cls=Commands)
    def group() -> None:
        pass

    @group.command()
    def fail() -> None:
        raise error

    return group


def test_the_group_turns_a_plankg_error_into_one_line() -> None:
    text = "line one\nline two"
    error = PlanError("plan.txt", "no numbered tasks found", offset=9, text=text)
    result = CliRunner().invoke(group_with(error), ["fail"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: plan.txt:2:1 (offset 9): no numbered tasks found\n"
    result = CliRunner().invoke(group_with(PlankgError("the store is gone")), ["fail"])
    assert (result.exit_code, result.stderr) == (1, "Error: the store is gone\n")


def test_the_group_leaves_bugs_alone() -> None:
    """Anything that is not a PlankgError is a bug: it keeps its traceback."""
    result = CliRunner().invoke(group_with(KeyError("oops")), ["fail"])
    assert isinstance(result.exception, KeyError)


def test_every_user_error_derives_from_the_one_base() -> None:
    from graph.analysis.scope import AnalysisError
    from graph.endpoint import EndpointError
    from graph.named import HeaderError
    from graph.query import QueryError, QuerySyntaxError
    from graph.validate import NotPlanGraph

    for kind in (AnalysisError, EndpointError, HeaderError, QueryError, QuerySyntaxError):
        assert issubclass(kind, PlankgError), kind
    assert issubclass(NotPlanGraph, PlankgError) and issubclass(PlanError, PlankgError)
