"""The wheel, installed as a new user installs it, works from any directory.

`pip wheel` builds it from a copy of the sources (so no stale build/ folder of the checkout can
slip into it) and must print no setuptools warning. It goes into a new virtual environment, and
`plankg` runs there from an unrelated directory with PYTHONPATH removed, so nothing of the
checkout can be imported or read: build (the bundled plans), rank, query, validate, serve.

Offline and fast, without a package index: the new environment is made without pip
(`python -m venv --without-pip`) and this environment's pip installs the wheel into it
(`pip --python NEW install --no-deps --no-index`). Its dependencies come from this
environment: a `.pth` file in the new site-packages names this one's site-packages. A `.pth`
line only appends a folder to sys.path (the `.pth` files inside that folder, such as an
editable install's finder, are not run) and the new site-packages comes first, so `graph` is
imported from the wheel, as test_graph_is_imported_from_the_wheel checks. The one dependency
plankg runs as a program, the `oxigraph` server, is linked beside the new Python, where its
package's install puts it. `python -m venv --system-site-packages` would not do: the system
Python has none of the dependencies.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import sysconfig
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph

from graph.build import serialize
from graph.cli import main
from graph.io import ROOT
from graph.namespace import PK

from .query_support import free_port

pytestmark = pytest.mark.slow  # builds and installs the wheel

SOURCES = ["pyproject.toml", "setup.py", "README.md", "graph", "ontology", "queries", "data"]
SHIPPED = [
    "ontology",
    "queries",
    "data/plans",
    "data/plans/corpus",
    "data/registries",
    "views/templates",
    "templates",
]
WAIT = 60  # seconds: the most any command, start or stop may take
BUILD_WAIT = 300


@dataclass(frozen=True)
class Install:
    wheel: Path
    log: str  # what `pip wheel -v` printed
    bin: Path
    site: Path  # the new environment's site-packages
    home: Path  # an unrelated working directory
    env: dict[str, str]

    def run(self, *args: str, timeout: float = WAIT) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "plankg"), *args],
            cwd=self.home,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def ok(self, *args: str, timeout: float = WAIT) -> str:
        done = self.run(*args, timeout=timeout)
        assert done.returncode == 0, f"plankg {' '.join(args)}: {done.stderr}"
        return done.stdout


def pip(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=BUILD_WAIT,
    )
    assert done.returncode == 0, f"pip {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def install(tmp_path_factory: pytest.TempPathFactory) -> Install:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp / "dist"
    build = ["wheel", "-v", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist)]
    log = pip(*build, str(source))
    (wheel,) = dist.glob("plankg-*.whl")

    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    ours = sysconfig.get_paths()
    folders = dict.fromkeys([ours["purelib"], ours["platlib"]])  # one line each, in order
    (site / "plankg-dependencies.pth").write_text("".join(f"{f}\n" for f in folders))
    log += pip("--python", str(python), "install", "-v", "--no-deps", "--no-index", str(wheel))
    (venv / "bin" / "oxigraph").symlink_to(Path(sys.executable).parent / "oxigraph")

    home = tmp / "elsewhere"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env |= {"TMPDIR": str(tmp), "NO_PROXY": "127.0.0.1,localhost"}
    for proxy in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        env.pop(proxy, None)
    return Install(wheel, log, venv / "bin", site, home, env)


@pytest.fixture(scope="module")
def built(install: Install) -> tuple[Path, str]:
    """`plankg build -o out` with no plans: the plans bundled in the wheel."""
    said = install.ok("build", "-o", "out", timeout=BUILD_WAIT)
    return install.home / "out", said


def test_build_prints_no_setuptools_warning(install: Install) -> None:
    for complaint in ("Warning", "would be ignored", "is absent from the `packages`"):
        assert complaint not in install.log, complaint
    assert not re.search(r"deprecat", install.log, re.IGNORECASE)


def test_wheel_holds_every_package_and_the_shipped_files_as_they_are(install: Install) -> None:
    with zipfile.ZipFile(install.wheel) as wheel:
        names = set(wheel.namelist())
        modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "graph").rglob("*.py")}
        assert "graph/analysis/__init__.py" in modules
        assert sorted(modules - names) == []
        for folder in SHIPPED:
            source = ROOT / folder if (ROOT / folder).is_dir() else ROOT / "graph" / folder
            files = sorted(p for p in source.iterdir() if p.is_file())
            assert files, folder
            inside = {n for n in names if n.rpartition("/")[0] == f"graph/{folder}"}
            assert sorted(inside) == [f"graph/{folder}/{p.name}" for p in files], folder
            for path in files:  # the checkout's bytes: one source, shipped, not a second copy
                assert wheel.read(f"graph/{folder}/{path.name}") == path.read_bytes(), path


def test_graph_is_imported_from_the_wheel(install: Install) -> None:
    where = subprocess.check_output(
        [
            str(install.bin / "python"),
            "-c",
            "import graph, graph.io as io; print(graph.__file__); print(io.ONTOLOGY); "
            "print(io.QUERIES); print(io.REGISTRIES); print(io.PLANS)",
        ],
        cwd=install.home,
        env=install.env,
        text=True,
    ).splitlines()
    assert where[0] == str(install.site / "graph" / "__init__.py")
    for folder, found in zip(
        ["ontology", "queries", "data/registries", "data/plans"], where[1:], strict=True
    ):
        assert found == str(install.site / "graph" / folder)


def test_build_from_anywhere_builds_the_bundled_plans(
    built: tuple[Path, str], bilingual_graph: Graph
) -> None:
    out, said = built
    summary = said.strip().splitlines()[-2]
    assert re.fullmatch(r"31 tasks from 2 source\(s\), \d+ triples, .*SHACL: conforms", summary)
    # the graph the checkout builds from data/plans/, byte for byte
    assert (out / "graph.ttl").read_text(encoding="utf-8") == serialize(bilingual_graph)
    assert len(set(bilingual_graph.subjects(RDF.type, PK.Task))) == 31  # one per task, both texts
    assert (out / "site" / "index.html").is_file()


def same_as_checkout(install: Install, *args: str) -> str:
    """What the installed plankg prints, checked against the checkout's plankg."""
    installed = install.ok(*args)
    here = CliRunner().invoke(main, [*args[:-1], str(install.home / args[-1])])
    assert here.exit_code == 0, here.output
    assert installed == here.output, args
    return installed


def test_rank_and_a_named_query_answer_as_the_checkout_does(
    install: Install, built: tuple[Path, str]
) -> None:
    ranked = same_as_checkout(install, "rank", "--graph", "out/graph.ttl").splitlines()
    assert "Henan Provincial Department of Ecology and Environment" in ranked[2]
    burdened = same_as_checkout(
        install, "query", "most-burdened-agencies", "--graph", "out/graph.ttl"
    ).splitlines()
    assert "id:henan/agency/ecology-environment" in burdened[2]


def test_query_list_names_every_shipped_query(install: Install) -> None:
    listed = install.ok("query", "--list")
    names = [line.split()[0] for line in listed.splitlines()[2:]]
    assert names == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert "most-burdened-agencies" in names


def test_validate_from_anywhere(install: Install, built: tuple[Path, str]) -> None:
    said = install.ok("validate", "out/graph.ttl")
    assert "Conforms: True" in said


@pytest.fixture
def served(install: Install, built: tuple[Path, str]) -> Iterator[str]:
    """`plankg serve` from the wheel on a free loopback port, stopped with Ctrl-C."""
    args = ["serve", "--graph", "out/graph.ttl", "--port", str(free_port())]
    process = subprocess.Popen(
        [str(install.bin / "plankg"), *args],
        cwd=install.home,
        env=install.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], WAIT)
        line = process.stdout.readline() if ready else ""  # type: ignore[union-attr]
        assert "serving" in line, f"plankg serve printed {line!r}"
        yield line.split(" at ")[1].split()[0].rstrip("/")
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            assert process.wait(WAIT) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(WAIT)


def test_serve_from_anywhere(served: str, built: tuple[Path, str]) -> None:
    count = f"SELECT (COUNT(?t) AS ?n) WHERE {{ ?t a <{PK.Task}> }}"
    request = urllib.request.Request(
        f"{served}/query?{urllib.parse.urlencode({'query': count})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        answer = json.load(response)
    tasks = set(Graph().parse(built[0] / "graph.ttl").subjects(RDF.type, PK.Task))
    assert answer["results"]["bindings"][0]["n"]["value"] == str(len(tasks))


def test_no_named_queries_is_an_error_not_an_empty_list(install: Install, tmp_path: Path) -> None:
    queries = install.site / "graph" / "queries"
    aside = tmp_path / "queries"
    shutil.move(queries, aside)
    queries.mkdir()
    try:
        done = install.run("query", "--list")
    finally:
        queries.rmdir()
        shutil.move(aside, queries)
    assert done.returncode == 1
    assert "(no rows)" not in done.stdout
    assert (
        done.stderr
        == f"Error: {queries}: no named queries (*.rq) here; plankg ships them, so reinstall it\n"
    )
