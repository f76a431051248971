"""`plankg query` from the command line: names, files, text, formats, forms and errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from graph.cli import main
from graph.named import named_queries

from .query_support import henan_file_fixture  # noqa: F401

EE = "id:henan/agency/ecology-environment"


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.mark.parametrize("command", ["query", "serve", "push"])
def test_help_has_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example" in result.output


def test_list() -> None:
    result = run("query", "--list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["name", "title", "parameters"]
    for q in named_queries():
        line = next(x for x in lines if x.startswith(q.name + " "))
        assert q.title in line
    listed = json.loads(run("query", "--list", "--format", "json").output)
    assert {"name": "tasks-led-by", "title": "Tasks an agency leads"}.items() <= next(
        q for q in listed if q["name"] == "tasks-led-by"
    ).items()
    assert next(q for q in listed if q["name"] == "tasks-led-by")["parameters"] == [
        "agency (iri, required)"
    ]


def test_named_query_in_every_format(henan_file: Path) -> None:
    args = ["query", "tasks-led-by", "--graph", str(henan_file), "--param", f"agency={EE}"]
    table = run(*args).output.splitlines()
    assert table[0].split() == ["agency", "plan", "task", "number", "excerpt"]
    assert table[2].split()[:4] == [EE, "id:henan-2023", "id:henan-2023/task/1", "1"]
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").output)))
    assert [r["number"] for r in rows] == ["1", "3", "10", "21", "G1"]
    assert rows[0]["task"] == "https://w3id.org/plankg/id/henan-2023/task/1"  # full IRIs
    assert run(*args, "--format", "tsv").output.splitlines()[1].split("\t")[3] == "1"
    assert run(*args, "--format", "md").output.splitlines()[1].startswith("|---|")
    burden = json.loads(
        run(
            "query", "most-burdened-agencies", "--graph", str(henan_file), "--format", "json"
        ).output
    )
    assert (burden[0]["tasks"], burden[0]["lead"]) == (28, 5)  # numbers stay numbers


def test_text_file_and_stdin(henan_file: Path, tmp_path: Path) -> None:
    text = "SELECT ?number WHERE { ?task pk:openList true ; pk:taskNumber ?number }"
    expected = "number\n26"
    assert (
        run("query", text, "--graph", str(henan_file), "--format", "csv").output.strip() == expected
    )
    path = tmp_path / "open.rq"
    path.write_text(text, encoding="utf-8")
    assert (
        run("query", str(path), "--graph", str(henan_file), "--format", "csv").output.strip()
        == expected
    )
    piped = run("query", "-", "--graph", str(henan_file), "--format", "csv", stdin=text)
    assert piped.output.strip() == expected


def test_show_prints_a_query_any_endpoint_runs() -> None:
    shown = run("query", "tasks-with-defects", "--show").output.splitlines()
    assert shown[:3] == [
        "PREFIX pk: <https://w3id.org/plankg/def#>",
        "PREFIX prov: <http://www.w3.org/ns/prov#>",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
    ]
    assert shown[3] == "# title: Tasks with source defects"


def test_engines_print_the_same(henan_file: Path) -> None:
    outputs = {
        engine: run(
            "query", "tasks-without-lead", "--graph", str(henan_file), "--engine", engine
        ).output
        for engine in ("rdflib", "oxigraph")
    }
    assert outputs["rdflib"] == outputs["oxigraph"] and "task/G3" in outputs["rdflib"]


def test_ask_and_construct(henan_file: Path) -> None:
    ask = run("query", "ASK { ?t pk:taskNumber 'G3' }", "--graph", str(henan_file))
    assert ask.output == "true\n"
    built = run(
        "query",
        "CONSTRUCT { ?t pk:hasDefect ?d } WHERE { ?t pk:hasDefect ?d }",
        "--graph",
        str(henan_file),
    )
    assert built.exit_code == 0 and len(Graph().parse(data=built.output, format="turtle")) == 6


def test_syntax_error_is_one_line(henan_file: Path, tmp_path: Path) -> None:
    result = run("query", "SELECT ?x\nWHERE {\n  ?x a foo:Bar }", "--graph", str(henan_file))
    assert result.exit_code == 1
    assert result.output == "Error: syntax error at line 3, column 8: unknown prefix 'foo:'\n"
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?x\nWHERE { ?x pk:ledBy ?y ) }\n", encoding="utf-8")
    result = run("query", str(broken), "--graph", str(henan_file))
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert result.output == (
        f"Error: {broken}: syntax error at line 2, column 24: "
        "')' does not close the '{' at line 2, column 7\n"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-query"], "no named query 'no-such-query'"),
        (["missing.rq"], "missing.rq: no such query file"),
        (["tasks-led-by"], "tasks-led-by needs --param agency=... (iri)"),
        (["tasks-led-by", "-p", "agency=Ecology"], "--param agency expects an IRI"),
        (["DELETE WHERE { ?s ?p ?o }"], "does not run SPARQL updates"),
    ],
)
def test_errors(henan_file: Path, args: list[str], message: str) -> None:
    result = run("query", *args, "--graph", str(henan_file))
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1 and message in result.output


def test_missing_graph_says_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("query", "open-lists")
    assert result.exit_code == 1
    assert result.output == "Error: out/graph.ttl: no such graph file (run `plankg build` first)\n"


def test_bad_param_syntax(henan_file: Path) -> None:
    result = run("query", "open-lists", "--graph", str(henan_file), "--param", "plan")
    assert result.exit_code == 2 and "is not NAME=VALUE" in result.output


def test_readme_shows_every_named_query_and_command() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Ask the graph") :]
    section = section[: section.index("\n## ", 3)]
    for command in ("plankg query --list", "plankg serve", "plankg push", "to_dataframe"):
        assert command in section, command
    for q in named_queries():
        assert f"\n{q.name} " in section, q.name  # a row of the --list output
