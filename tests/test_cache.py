"""The cache beside a built graph (graph.cache): answers the same as computing, never stale,
never in the way (damaged, old, read-only, shared by commands running at once)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph.cache
import graph.engines
import graph.io
from graph.cache import CACHE, CACHE_VERSION, digest, open_cache
from graph.cli import main

from .test_imports import HEAVY, imported

EE = "id:henan/agency/ecology-environment"
# every command reading the graph, with options that change what is computed or only printed
COMMANDS = [
    ["rank"],
    ["rank", "--by", "share", "--format", "json"],
    ["rank", "--weight", "lead=3", "--by", "weighted", "--format", "csv"],
    ["rank", "--agreement"],
    ["agency", "生态环境厅", "--format", "json"],
    ["agency", "Department of Ecology and Environment"],
    ["agency", "ecology", "--section", "partners"],
    ["clusters", "--format", "json"],
    ["clusters", "--pairs", "--top", "5"],
    ["clusters", "--seed", "3", "--runs", "4"],
    ["centrality"],
    ["centrality", "--by", "pagerank", "--format", "csv"],
    ["query", "most-burdened-agencies", "--engine", "oxigraph"],
    ["query", "most-burdened-agencies", "--engine", "rdflib", "--format", "json"],
    ["query", "tasks-led-by", "--param", f"agency={EE}", "--engine", "oxigraph"],
    ["query", "tasks-led-by", "--param", f"agency={EE}", "--engine", "rdflib"],
    ["query", "ASK { ?a a pk:Agency }"],
    ["query", "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a pk:Agency ; rdfs:label ?l }"],
]
ERRORS = [
    ["agency", "no such body"],
    ["agency", "department"],  # several agencies: the candidates
    ["rank", "--by", "fame"],
    ["rank", "--plan", "nowhere-2030"],
    ["query", "SELECT ?x WHERE { ?x"],
]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled build, with the cache the build writes."""
    out = tmp_path_factory.mktemp("cache") / "out"
    code, output = run("build", "-o", str(out))
    assert code == 0, output
    return out


@pytest.fixture(scope="module")
def missed(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder whose graph.ttl was touched (a newline added) since its cache was written:
    the same graph, so the same answers, but every one of them a miss at first."""
    out = tmp_path_factory.mktemp("missed") / "out"
    shutil.copytree(built, out, symlinks=True)
    with (out / "graph.ttl").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    return out


@pytest.fixture(scope="module")
def plain(missed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same graph.ttl alone in a folder no build wrote: every command computes."""
    path = tmp_path_factory.mktemp("plain") / "graph.ttl"
    shutil.copyfile(missed / "graph.ttl", path)
    return path


@pytest.fixture
def copy(built: Path, tmp_path: Path) -> Path:
    """A build folder of one's own to edit, cache and all."""
    shutil.copytree(built, tmp_path / "out", symlinks=True)
    return tmp_path / "out"


@pytest.fixture
def unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a graph file fails the test: what follows must come from the cache."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the graph file was read")

    monkeypatch.setattr(graph.io, "load_graph", refuse)
    monkeypatch.setattr(graph.engines, "load_graph", refuse)
    monkeypatch.setattr(graph.engines.OxigraphEngine, "load", refuse)


def answers(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / CACHE / "answers").glob("*.json"))}


def test_the_build_writes_a_cache_of_its_graph(built: Path) -> None:
    key = json.loads((built / CACHE / "key.json").read_text(encoding="utf-8"))
    assert key["graph"] == "graph.ttl"
    assert key["sha256"] == digest(built / "graph.ttl")
    assert key["version"] == CACHE_VERSION
    tasks = {json.loads(data)["call"]["task"] for data in answers(built).values()}
    assert {"rank", "agreement", "clusters", "centrality", "agency", "agency-names"} <= tasks


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_the_same_answer_with_and_without_the_cache(
    args: list[str], built: Path, plain: Path, missed: Path
) -> None:
    code, computed = run(*args, "--graph", str(plain))
    assert code == 0, computed
    assert not (plain.parent / CACHE).exists()  # a graph outside a build gets no cache
    assert run(*args, "--graph", str(built / "graph.ttl")) == (0, computed)
    # a command that missed keeps its answer: the second run reads it back
    assert run(*args, "--graph", str(missed / "graph.ttl")) == (0, computed)
    assert run(*args, "--graph", str(missed / "graph.ttl")) == (0, computed)


@pytest.mark.parametrize("args", ERRORS, ids=" ".join)
def test_the_same_error_with_and_without_the_cache(
    args: list[str], built: Path, plain: Path
) -> None:
    code, computed = run(*args, "--graph", str(plain))
    assert code != 0 and "Traceback" not in computed
    assert run(*args, "--graph", str(built / "graph.ttl")) == (code, computed)


@pytest.mark.parametrize(
    "args",
    [
        ["rank", "--top", "3"],
        ["rank", "--by", "share"],
        ["agency", "生态环境厅"],
        ["clusters"],
        ["centrality", "--by", "betweenness"],
    ],
    ids=" ".join,
)
def test_the_build_computed_the_default_answers(args: list[str], built: Path, unread: None) -> None:
    code, output = run(*args, "--graph", str(built / "graph.ttl"))
    assert code == 0, output
    assert "Ecology and Environment" in output


def test_answers_from_the_cache_import_no_graph_library(built: Path) -> None:
    graph_file = str(built / "graph.ttl")
    heavy = [*HEAVY, "rdflib"]
    for args in (["rank", "--top", "3"], ["centrality"], ["clusters"], ["agency", "生态环境厅"]):
        assert run_imported(heavy, *args, "--graph", graph_file) == [], args


def run_imported(heavy: list[str], *args: str) -> list[str]:
    import tests.test_imports as module

    saved = module.HEAVY
    module.HEAVY = heavy
    try:
        return imported(*args)
    finally:
        module.HEAVY = saved


def test_an_edited_graph_is_computed_again(copy: Path, tmp_path: Path) -> None:
    graph_file = copy / "graph.ttl"
    before = run("rank", "--graph", str(graph_file))[1]
    text = graph_file.read_text(encoding="utf-8")
    edited = text.replace(
        '"Henan Provincial Department of Ecology and Environment"@en', '"Edited Body"@en'
    )
    assert edited != text
    graph_file.write_text(edited, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.ttl"
    elsewhere.write_text(edited, encoding="utf-8")
    code, after = run("rank", "--graph", str(graph_file))
    assert code == 0 and "Edited Body" in after and after != before
    assert after == run("rank", "--graph", str(elsewhere))[1]
    assert json.loads((copy / CACHE / "key.json").read_bytes())["sha256"] == digest(graph_file)
    assert len(answers(copy)) == 1  # the old answers went with the old graph


@pytest.mark.parametrize(
    "damage",
    [
        {"key.json": b"{not json"},
        {"key.json": b'{"version": 0}'},
        {"key.json": b""},
        {"answers": b"\x00garbage"},
        {"answers": b'{"call": {"task": "rank"}, "value": []}'},  # another call's answer
    ],
    ids=["corrupt-key", "older-version", "empty-key", "corrupt-answers", "wrong-answers"],
)
def test_a_damaged_or_old_cache_is_ignored_and_written_again(
    damage: dict[str, bytes], copy: Path, plain: Path
) -> None:
    root = copy / CACHE
    for name, data in damage.items():
        targets = [root / name] if name != "answers" else sorted((root / "answers").glob("*"))
        assert targets
        for target in targets:
            target.write_bytes(data)
    for args in (["rank"], ["agency", "生态环境厅"], ["query", "most-burdened-agencies"]):
        code, output = run(*args, "--graph", str(copy / "graph.ttl"))
        assert code == 0 and "Traceback" not in output, output
        assert output == run(*args, "--graph", str(plain))[1]
    assert open_cache(copy / "graph.ttl") is not None  # whole again
    assert json.loads((root / "key.json").read_bytes())["version"] == CACHE_VERSION


def test_a_folder_that_cannot_be_written_is_only_read(
    copy: Path, plain: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graph.cache, "may_write", lambda folder: False)
    kept = answers(copy)
    expected = run("clusters", "--seed", "5", "--graph", str(plain))[1]
    assert run("clusters", "--seed", "5", "--graph", str(copy / "graph.ttl"))[1] == expected
    assert answers(copy) == kept  # computed, not kept
    (copy / "graph.ttl").write_text((copy / "graph.ttl").read_text(encoding="utf-8") + "\n")
    assert (
        run("rank", "--graph", str(copy / "graph.ttl"))[1] == run("rank", "--graph", str(plain))[1]
    )
    assert answers(copy) == kept  # a stale cache it may not replace is left alone, unused


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_build_folder_answers(copy: Path, plain: Path) -> None:
    (copy / "graph.ttl").write_text((copy / "graph.ttl").read_text(encoding="utf-8") + "\n")
    modes = {p: p.stat().st_mode for p in [copy, *copy.rglob("*")] if p.is_dir()}
    for folder in modes:
        folder.chmod(0o555)
    try:
        for args in (["rank"], ["clusters", "--seed", "2"]):
            assert run(*args, "--graph", str(copy / "graph.ttl")) == run(
                *args, "--graph", str(plain)
            )
    finally:
        for folder, mode in modes.items():
            folder.chmod(mode)


@pytest.mark.slow
def test_a_build_replaces_its_cache_with_its_graph(copy: Path) -> None:
    code, output = run("build", str(graph.io.PLANS / "henan-2023.en.txt"), "-o", str(copy))
    assert code == 0, output
    key = json.loads((copy / CACHE / "key.json").read_bytes())
    assert key["sha256"] == digest(copy / "graph.ttl")
    assert [p.name for p in copy.parent.iterdir() if p.name.startswith("out.")] == []


# the Oxigraph store: written beside a large graph by the first query, then opened read-only


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every graph counts as large enough for a store."""
    monkeypatch.setattr(graph.cache, "STORE_BYTES", 0)


QUERY = ["query", "tasks-led-by", "--param", f"agency={EE}", "--format", "json"]


def test_a_query_keeps_a_store_and_then_reads_no_turtle(
    copy: Path, plain: Path, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = run(*QUERY, "--graph", str(plain))
    assert run(*QUERY, "--graph", str(copy / "graph.ttl")) == expected
    store = copy / CACHE / "store"
    assert (store / "CURRENT").is_file()
    files = {p.name: p.stat().st_mtime_ns for p in store.iterdir()}
    monkeypatch.setattr(graph.engines.OxigraphEngine, "load", None)  # no Turtle now
    assert run(*QUERY, "--graph", str(copy / "graph.ttl")) == expected
    assert run(*QUERY, "--graph", str(copy / "graph.ttl"), "--engine", "oxigraph") == expected
    assert {p.name: p.stat().st_mtime_ns for p in store.iterdir()} == files  # opened read-only
    # another plankg: the answers go, the store of the same graph bytes stays
    key = json.loads((copy / CACHE / "key.json").read_bytes())
    (copy / CACHE / "key.json").write_text(json.dumps(key | {"code": "older"}), encoding="utf-8")
    assert run(*QUERY, "--graph", str(copy / "graph.ttl")) == expected
    assert {p.name: p.stat().st_mtime_ns for p in store.iterdir()} == files
    assert json.loads((copy / CACHE / "key.json").read_bytes()) == key


@pytest.mark.slow
def test_a_damaged_store_is_written_again(copy: Path, plain: Path, large: None) -> None:
    expected = run(*QUERY, "--graph", str(plain))
    assert run(*QUERY, "--graph", str(copy / "graph.ttl")) == expected
    store = copy / CACHE / "store"
    for path in store.iterdir():
        if path.is_file():
            path.write_bytes(b"not a store")
    assert run(*QUERY, "--graph", str(copy / "graph.ttl")) == expected
    assert graph.cache.Cache(copy / CACHE, {}, False).store() is not None


# `plankg ARGS` in a fresh interpreter where every graph counts as large enough for a store
LARGE_RUN = (
    "import sys\n"
    "import graph.cache\n"
    "from graph.cli import main\n"
    "graph.cache.STORE_BYTES = 0\n"
    "main(sys.argv[1:])\n"
)


def at_once(*commands: list[str]) -> list[tuple[int, bytes]]:
    """The commands run as processes all at once: each one's exit code and output."""
    runs = [
        subprocess.Popen([sys.executable, "-c", LARGE_RUN, *args], stdout=subprocess.PIPE)
        for args in commands
    ]
    return [(p.wait(), p.communicate()[0]) for p in runs]


@pytest.mark.slow
def test_commands_at_once_share_the_cache(copy: Path, plain: Path, large: None) -> None:
    """Three queries and three profiles at once on a graph whose cache is stale: each answers,
    the same; one store and one cache are left."""
    (copy / "graph.ttl").write_text((copy / "graph.ttl").read_text(encoding="utf-8") + "\n")
    shutil.copyfile(copy / "graph.ttl", plain)
    query = [*QUERY, "--graph", str(copy / "graph.ttl")]
    profile = ["agency", "ecology", "--graph", str(copy / "graph.ttl")]
    expected = {
        tuple(query): run(*QUERY, "--graph", str(plain))[1].encode(),
        tuple(profile): run("agency", "ecology", "--graph", str(plain))[1].encode(),
    }
    commands = [query, profile] * 3
    for args, (code, output) in zip(commands, at_once(*commands), strict=True):
        assert (code, output) == (0, expected[tuple(args)])
    assert sorted(p.name for p in copy.iterdir() if p.name.startswith(CACHE)) == [CACHE]
    names = sorted(p.name for p in (copy / CACHE).iterdir() if p.name.startswith("store"))
    assert names == ["store"]
    assert at_once(query, query) == [(0, expected[tuple(query)])] * 2  # read-only, side by side


@pytest.mark.slow
def test_commands_at_once_in_processes(built: Path) -> None:
    """Plain `plankg` processes at once on one cache (read-only store opens included)."""
    args = [sys.executable, "-m", "graph", "query", "most-burdened-agencies", "--graph"]
    runs = [
        subprocess.Popen([*args, str(built / "graph.ttl")], stdout=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [p.communicate()[0] for p in runs]
    assert all(p.returncode == 0 for p in runs)
    assert len(set(outputs)) == 1 and b"Ecology" in outputs[0]
