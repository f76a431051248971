"""Commands import only what they use: no plotting, SHACL or page-drawing library for help or
for the analyses that do not draw (issue 14: imports were 19% of a build's CPU)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import HENAN_EN, TESTS

GRAPH = TESTS / "golden" / "henan-2023.ttl"
HEAVY = ["matplotlib", "numpy", "pandas", "pyshacl", "pyvis", "IPython", "scipy", "networkx"]
RUN = (
    "import json, sys\n"
    "from graph.cli import main\n"
    "try:\n"
    "    main(sys.argv[2:], standalone_mode=False)\n"
    "finally:\n"
    "    print(json.dumps([m for m in json.loads(sys.argv[1]) if m in sys.modules]))\n"
)


def imported(*args: str) -> list[str]:
    """The heavy modules in sys.modules after `plankg ARGS` ran in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(HEAVY), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["build", "--help"],
        ["validate", "--help"],
        ["views", "--help"],
        ["rank", "--graph", str(GRAPH), "--top", "3"],
        ["query", "--list"],
    ],
    ids=" ".join,
)
def test_command_imports_no_heavy_library(args: list[str]) -> None:
    assert imported(*args) == []


def test_the_check_can_fail() -> None:
    """centrality needs networkx: the same check sees it loaded (and not scipy, which
    networkx's PageRank would pull in)."""
    assert set(imported("centrality", "--graph", str(GRAPH))) & {"networkx", "scipy"} == {
        "networkx"
    }


@pytest.mark.slow  # a whole build in a fresh interpreter
def test_build_imports_no_validator_or_scipy(tmp_path) -> None:
    """A build checks its shapes on Oxigraph, ranks without scipy and draws figures only when
    asked: pyshacl (the reference validator of `plankg validate` and the tests), scipy, pandas
    and matplotlib stay unloaded, and so does IPython (pyvis imports it for notebooks only);
    `--figures` loads matplotlib."""
    loaded = imported("build", str(HENAN_EN), "-o", str(tmp_path / "out"))
    assert {"networkx", "pyvis"} <= set(loaded)  # it did analyse and draw the site
    assert not {"pyshacl", "scipy", "pandas", "matplotlib", "IPython"} & set(loaded)
    drawn = imported("build", str(HENAN_EN), "--figures", "-o", str(tmp_path / "drawn"))
    assert "matplotlib" in drawn and not {"pyshacl", "scipy"} & set(drawn)
