"""No import cycle among the modules of `graph`, read off the source with `ast`.

Every import counts, wherever it stands: at module level, inside a function (the commands
import their libraries late, so `plankg --help` stays fast) and under `if TYPE_CHECKING:`.
A late or type-only import that points back up is still a dependency going the wrong way:
it hides a cycle from Python at import time, not from the reader. So the layers stay a
directed acyclic graph whichever way a module imports.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "graph"


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(module: str, is_package: bool, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The modules an import statement names: `from . import x` names graph.x when x is a
    module, `from .x import name` names graph.x."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    here = module.split(".") if is_package else module.split(".")[:-1]
    base = here[: len(here) - node.level + 1] if node.level else []
    prefix = ".".join(base + ([node.module] if node.module else []))
    return [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]


def import_graph(package: Path) -> nx.DiGraph:
    modules = {module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    edges = nx.DiGraph()
    edges.add_nodes_from(modules)
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in imported(module, path.name == "__init__.py", node):
                    if target in modules and target != module:
                        edges.add_edge(module, target)
    return edges


def cycles(package: Path) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.simple_cycles(import_graph(package)))


def test_no_import_cycle_among_graph_modules() -> None:
    found = cycles(PACKAGE)
    assert found == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_check_finds_a_cycle_however_it_is_imported(tmp_path: Path) -> None:
    """The check can fail: a function-level, a type-only and a package-relative import back."""
    pkg = tmp_path / "graph"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "sub" / "__init__.py").write_text("from . import leaf\n", encoding="utf-8")
    (pkg / "sub" / "leaf.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..top import T\n",
        encoding="utf-8",
    )
    (pkg / "top.py").write_text("def f():\n    from .sub.leaf import x\n", encoding="utf-8")
    (pkg / "late.py").write_text("def g():\n    from .top import f\n", encoding="utf-8")
    (pkg / "early.py").write_text("from .late import g\nfrom .top import f\n", encoding="utf-8")
    assert cycles(pkg) == [["graph.sub.leaf", "graph.top"]]
    (pkg / "top.py").write_text("from . import early\n", encoding="utf-8")
    assert cycles(pkg) == [["graph.early", "graph.late", "graph.top"], ["graph.early", "graph.top"]]


def test_commands_do_not_import_the_command_line() -> None:
    """Each cli_* module defines its commands; cli.py adds them. None imports cli.py back."""
    edges = import_graph(PACKAGE)
    assert "graph.cli" not in {t for m in edges if m.startswith("graph.cli_") for t in edges[m]}
    assert {"graph.cli_analysis", "graph.cli_query", "graph.cli_views"} <= set(edges["graph.cli"])


def test_sparql_types_are_a_leaf() -> None:
    edges = import_graph(PACKAGE)
    assert set(edges["graph.sparql"]) <= {"graph.errors", "graph.namespace"}
    for user in ("graph.query", "graph.engines", "graph.sparql_syntax"):
        assert "graph.sparql" in edges[user], user


def test_help_imports_no_heavy_library() -> None:
    """`python -X importtime -m graph --help`: the libraries load when a command runs."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "graph", "--help"],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        check=True,
    )
    assert "Commands:" in done.stdout
    loaded = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "graph.cli_query" in loaded
    assert loaded.isdisjoint({"rdflib", "pyoxigraph", "pyshacl", "networkx", "pandas", "jinja2"})
