"""What the commands do, end to end: read, run the pure stages, write all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .build import build_graph, serialize
from .errors import PlanError
from .io import plan_id_from_path, read_plan, write_outputs
from .pipeline import SourceAnalysis, analyse
from .reconcile import reconcile
from .registry import Registry, load_registry
from .report import render
from .validate import validate


@dataclass
class BuildResult:
    graph: Graph
    analyses: list[SourceAnalysis]
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: str = ""


def analyse_files(
    paths: Sequence[Path],
    registry: Registry,
    plan_id: str | None = None,
    jurisdiction: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[SourceAnalysis]:
    """Read and analyse every file first, so a bad file stops the build before any output."""
    analyses = []
    for done, path in enumerate(paths, 1):
        text = read_plan(path)
        pid = plan_id or plan_id_from_path(path)
        analyses.append(analyse(str(path), text, registry, pid, jurisdiction))
        if progress:
            progress(done)
    return analyses


def build_outputs(
    paths: Sequence[Path],
    output: Path,
    *,
    strict: bool = False,
    plan_id: str | None = None,
    jurisdiction: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> BuildResult:
    registry = load_registry()
    analyses = analyse_files(paths, registry, plan_id, jurisdiction, progress)
    unresolved = [u for a in analyses for u in a.unresolved]
    if strict and unresolved:
        first = unresolved[0]
        more = f" (and {len(unresolved) - 1} more)" if len(unresolved) > 1 else ""
        raise PlanError(
            first.path,
            f"unresolved agency name {first.name!r}{more}",
            first.offset,
            next(a.source.text for a in analyses if a.source.path == first.path),
        )
    disagreements = reconcile(analyses)
    g = build_graph(analyses, registry, disagreements)
    validation = validate(g)
    if not validation.conforms:
        raise PlanError(
            str(output / "graph.ttl"),
            f"the built graph breaks {validation.violations} SHACL constraint(s); "
            "nothing written (run with a smaller input to find the task)",
        )
    result = BuildResult(graph=g, analyses=analyses)
    result.warnings = [u.message() for u in unresolved]
    from .analysis.results import analysis_files

    files = {"graph.ttl": serialize(g), "report.md": render(g, analyses, validation, disagreements)}
    files.update(analysis_files(g))
    result.written = write_outputs(output, files)
    tasks = sum(len(a.facts) for a in analyses)
    defects = sum(len(f.defects) for a in analyses for f in a.facts)
    result.summary = (
        f"{len(analyses)} source(s), {tasks} tasks, {len(g)} triples, {defects} source defects, "
        f"{len(unresolved)} unresolved names; SHACL: conforms"
    )
    return result


def load_graph(path: Path) -> Graph:
    """A graph file as rdflib reads it, or a PlanError naming the file."""
    if not path.exists():
        raise PlanError(str(path), "no such graph file (run `plankg build` first)")
    if path.is_dir():
        raise PlanError(str(path), "is a directory; name the graph file (e.g. out/graph.ttl)")
    g = Graph()
    try:
        g.parse(path, format="turtle" if path.suffix in (".ttl", "") else None)
    except Exception as err:  # rdflib raises many parser types; all mean "not a graph"
        raise PlanError(
            str(path), f"cannot read as RDF: {' '.join(str(err).split())[:200]}"
        ) from None
    return g
