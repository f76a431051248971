"""`plankg rank`, `agency`, `clusters`, `centrality` on a built Henan graph, and on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from graph.build import serialize
from graph.cli import main

COMMANDS = ["rank", "agency", "clusters", "centrality"]
EE = "https://w3id.org/plankg/id/henan/agency/ecology-environment"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory, henan_graph: Graph) -> str:
    path = tmp_path_factory.mktemp("built") / "graph.ttl"
    path.write_text(serialize(henan_graph), encoding="utf-8")
    return str(path)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def one_error_line(result: Result) -> str:
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_rank(graph_file: str) -> None:
    rows = json.loads(ok("rank", "--graph", graph_file, "--format", "json", "--top", "3"))
    assert len(rows) == 3
    assert rows[0]["iri"] == EE and rows[0]["rank"] == 1
    csv = ok("rank", "--graph", graph_file, "--by", "share", "--format", "csv").splitlines()
    assert csv[0].startswith("rank,agency,zh,tasks,led,")
    table = ok("rank", "--graph", graph_file, "--top", "1")
    assert "河南省生态环境厅" in table and "https://" not in table  # IRIs only in csv and json


def test_rank_weights_and_agreement(graph_file: str) -> None:
    plain = json.loads(ok("rank", "--graph", graph_file, "--format", "json"))
    heavy = json.loads(ok("rank", "--graph", graph_file, "--format", "json", "--weight", "lead=5"))
    assert heavy[0]["weighted"] == plain[0]["weighted"] + 3 * plain[0]["led"]
    rows = json.loads(ok("rank", "--graph", graph_file, "--agreement", "--format", "json"))
    assert {(r["measure"], r["other"]) for r in rows} >= {("tasks", "led"), ("weighted", "share")}


def test_agency_profile(graph_file: str) -> None:
    found = json.loads(ok("agency", "生态环境厅", "--graph", graph_file, "--format", "json"))
    assert found["agency"]["iri"] == EE
    assert set(found) == {"agency", "burden", "tasks", "partners", "sectors", "places"}
    table = ok("agency", "provincial department of ECOLOGICAL environment", "--graph", graph_file)
    assert "# partners" in table and "Development and Reform Commission" in table
    part = ok("agency", "ecology", "--graph", graph_file, "--section", "partners", "--top", "2")
    assert len(part.strip().splitlines()) == 2 + 2  # header, rule, two partners


def test_clusters_and_centrality(graph_file: str) -> None:
    table = ok("clusters", "--graph", graph_file)
    assert "modularity Q = " in table and "stability over 20 seeds" in table
    found = json.loads(ok("clusters", "--graph", graph_file, "--format", "json"))
    assert found["runs"] == 20 and found["clusters"][0]["cluster"] == 1
    pairs = ok("clusters", "--graph", graph_file, "--pairs", "--format", "csv").splitlines()
    assert pairs[0] == "agency,other,together"
    rows = json.loads(
        ok("centrality", "--graph", graph_file, "--by", "pagerank", "--format", "json")
    )
    assert [r["pagerank"] for r in rows] == sorted((r["pagerank"] for r in rows), reverse=True)
    md = ok("centrality", "--graph", graph_file, "--format", "md", "--top", "2").splitlines()
    assert md[0].startswith("| agency | zh | degree |") and len(md) == 4


def test_per_plan(graph_file: str) -> None:
    everything = ok("rank", "--graph", graph_file, "--format", "csv")
    assert (
        ok("rank", "--graph", graph_file, "--format", "csv", "--plan", "henan-2023") == everything
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["rank", "--by", "fame"], "unknown measure 'fame' (measures: tasks, led,"),
        (["centrality", "--by", "fame"], "unknown measure 'fame' (measures: degree,"),
        (["agency", "Ministry of Magic"], "no agency named 'Ministry of Magic'"),
        (["agency", "Departmnt of Ecology and Environmnt"], "nearest: "),
        (["agency", "Department"], "matches"),
        (["rank", "--plan", "hunan-2020"], "no plan 'hunan-2020' in the graph (plans: henan-2023)"),
        (["rank", "--weight", "lead"], "--weight 'lead': write ROLE=NUMBER"),
        (["rank", "--weight", "boss=2"], "unknown role 'boss'"),
    ],
)
def test_bad_input_is_one_error_line(graph_file: str, args: list[str], says: str) -> None:
    assert says in one_error_line(run(*args, "--graph", graph_file))


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_graph_says_to_build(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "out" / "graph.ttl"
    args = [command, "ecology"] if command == "agency" else [command]
    line = one_error_line(run(*args, "--graph", str(missing)))
    assert str(missing) in line and "plankg build" in line


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"plankg {command}" in result.stdout


def test_readme_documents_every_command_and_measure() -> None:
    from graph.analysis.burden import MEASURES
    from graph.analysis.centrality import CENTRALITY_MEASURES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Who carries the plan") :]
    section = section[: section.index("\n## ", 3)]
    for command in COMMANDS:
        assert f"plankg {command}" in section, command
    for measure in [*MEASURES, *CENTRALITY_MEASURES, "broker"]:
        assert f"| `{measure}` |" in section, measure  # a row of a formula table
