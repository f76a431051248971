"""The command line on bad input: one `Error:` line naming the file, and nothing half-written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from graph.cli import main
from graph.namespace import PK

UNKNOWN = "Provincial Bureau of Imaginary Affairs"
TASK_LINE = (
    "1. Do X. (The Provincial Department of Ecology and Environment takes the lead, and the "
    f"{UNKNOWN} is responsible for the division of responsibilities)"
)
PLAN_LINES = [
    "Henan Provincial Action Plan for Testing",
    "1. General requirements",
    "The province will cut pollution and carbon emissions together.",
    "2. Key tasks",
    "(1) Something",
    TASK_LINE,
    "3. Organizational guarantee",
    "(1) Strengthen leadership. Text. (The Provincial Department of Ecology and Environment "
    "takes the lead)",
]
PLAN = "\n".join(PLAN_LINES) + "\n"
# where the unresolvable name is printed, counted by hand: line 6, after the task's own text
UNKNOWN_LINE = 6
UNKNOWN_COLUMN = TASK_LINE.index(UNKNOWN) + 1
UNKNOWN_OFFSET = PLAN.index(UNKNOWN)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def error_lines(result: Result) -> list[str]:
    return result.stderr.strip().splitlines()


def assert_nothing_written(out: Path) -> None:
    assert not out.exists() or not any(out.iterdir()), sorted(out.iterdir())


def write_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "testing.en.txt"
    plan.write_text(PLAN, encoding="utf-8")
    return plan


def make_missing(tmp_path: Path) -> Path:
    return tmp_path / "no-such-plan.txt"


def make_directory(tmp_path: Path) -> Path:
    d = tmp_path / "plans"
    d.mkdir()
    (d / "inside.txt").write_text(PLAN, encoding="utf-8")
    return d


def make_empty(tmp_path: Path) -> Path:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    return p


def make_whitespace(tmp_path: Path) -> Path:
    p = tmp_path / "blank.txt"
    p.write_bytes(b"  \n\t\n   \r\n")
    return p


def make_binary(tmp_path: Path) -> Path:
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return p


def make_gbk(tmp_path: Path) -> Path:
    p = tmp_path / "gbk.txt"
    p.write_bytes(b"Plan: " + "河南省".encode("gbk"))  # 6 ASCII bytes, then GBK
    return p


def make_prose(tmp_path: Path) -> Path:
    p = tmp_path / "prose.txt"
    p.write_text(
        "The weather was mild this spring. Farmers planted early and hoped for rain.\n"
        "Nobody here wrote an action plan. There are no numbered tasks in this text.\n",
        encoding="utf-8",
    )
    return p


def make_huge(tmp_path: Path) -> Path:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.write(b"Henan Provincial Action Plan for Testing\n")
        fh.truncate(50 * 1024 * 1024)
    return p


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    # case: (make the file, words the one error line must also hold)
    "missing": (make_missing, ["no such file"]),
    "directory": (make_directory, ["directory"]),
    "empty": (make_empty, ["empty"]),
    "whitespace": (make_whitespace, ["empty"]),
    "binary": (make_binary, ["binary", "byte 8"]),
    "not-utf8": (make_gbk, ["UTF-8", "byte 6"]),
    "prose": (make_prose, ["no numbered tasks"]),
    "huge": (make_huge, ["MB"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_plan_is_one_error_line_and_writes_nothing(tmp_path: Path, case: str) -> None:
    make, words = BAD_INPUTS[case]
    plan = make(tmp_path)
    out = tmp_path / "out"
    result = run("build", str(plan), "-o", str(out))
    assert result.exit_code != 0
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ")
    assert str(plan) in lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert_nothing_written(out)


def test_unresolved_name_warns_and_builds(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    out = tmp_path / "out"
    result = run("build", str(plan), "-o", str(out))
    assert result.exit_code == 0, result.output
    warnings = [line for line in error_lines(result) if line.startswith("warning:")]
    assert len(warnings) == 1, warnings
    assert f"{plan}:{UNKNOWN_LINE}:{UNKNOWN_COLUMN}" in warnings[0]
    assert f"offset {UNKNOWN_OFFSET}" in warnings[0]
    assert repr(UNKNOWN) in warnings[0]
    assert sorted(p.name for p in out.iterdir()) == [
        ".plankg-build",
        ".plankg-cache",
        "analysis.ttl",
        "graph.ttl",
        "report.md",
        "site",
    ]
    assert "1 body not in the registry" in result.stdout


def test_unresolved_name_is_an_error_with_strict(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    out = tmp_path / "out"
    result = run("build", str(plan), "--strict", "-o", str(out))
    assert result.exit_code != 0
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ")
    assert f"{plan}:{UNKNOWN_LINE}:{UNKNOWN_COLUMN} (offset {UNKNOWN_OFFSET})" in lines[0]
    assert repr(UNKNOWN) in lines[0]
    assert_nothing_written(out)


def test_strict_build_into_existing_directory_leaves_it_alone(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("build", str(plan), "--strict", "-o", str(out))
    assert result.exit_code != 0
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


@pytest.fixture
def built_graph(tmp_path: Path) -> Path:
    out = tmp_path / "built"
    result = run("build", str(write_plan(tmp_path)), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


def test_validate_missing_file_says_to_build_first(tmp_path: Path) -> None:
    missing = tmp_path / "out" / "graph.ttl"
    result = run("validate", str(missing))
    assert result.exit_code != 0
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert str(missing) in lines[0]
    assert "plankg build" in lines[0]


def test_validate_file_that_is_not_turtle(tmp_path: Path) -> None:
    bad = tmp_path / "graph.ttl"
    bad.write_text("this is { not turtle at all\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code != 0
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ")
    assert str(bad) in lines[0]


def test_validate_conforming_graph(built_graph: Path) -> None:
    result = run("validate", str(built_graph))
    assert result.exit_code == 0, result.output
    assert "Conforms: True" in result.stdout


def test_validate_graph_without_task_numbers_fails(built_graph: Path, tmp_path: Path) -> None:
    g = Graph().parse(built_graph, format="turtle")
    numbers = list(g.triples((None, PK.taskNumber, None)))
    assert len(numbers) == 2  # task 1 and organisational item G1
    for triple in numbers:
        g.remove(triple)
    broken = tmp_path / "broken.ttl"
    g.serialize(broken, format="turtle")
    result = run("validate", str(broken))
    assert result.exit_code != 0
    assert "Conforms: False" in result.stdout
    last = error_lines(result)[-1]
    assert str(broken) in last
    assert "violation" in last


@pytest.mark.parametrize("args", [[], ["build"], ["validate"]], ids=["main", "build", "validate"])
def test_help_shows_examples(args: list[str]) -> None:
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "empty graph"),
        (
            "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
            '<http://example.org/alice> a foaf:Person ; foaf:name "Alice" .\n',
            "not a plankg graph",
        ),
    ],
    ids=["empty", "foaf"],
)
def test_validate_graph_that_is_not_plankg(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "other.ttl"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code != 0
    assert "Conforms" not in result.output
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert str(path) in lines[0] and said in lines[0]
