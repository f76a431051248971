"""The build, end to end: read every plan, run the pure stages, validate, write all-or-nothing.

`plankg build` is this module's `build_outputs`; reading a built graph back is
`io.load_graph`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .build import build_graph, serialize
from .cli_analysis import build_cache
from .corpus import LARGE_BUILD, build_store, oxigraph_select, turtle
from .errors import PlanError
from .io import build_lock, plan_id_from_path, read_plan, replace_folder
from .pipeline import SourceAnalysis, analyse
from .reconcile import reconcile
from .registry import Registry, load_registry
from .report import render
from .shapes_sparql import violations
from .validate import NotPlanGraph, Validation, check_store, plan_graph_problem, turtle_store


@dataclass
class BuildResult:
    graph: Graph | None  # None for a corpus build, which never holds the graph in rdflib
    analyses: list[SourceAnalysis]
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: str = ""
    notes: list[str] = field(default_factory=list)


def analyse_files(
    paths: Sequence[Path],
    registry: Registry,
    plan_id: str | None = None,
    jurisdiction: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[SourceAnalysis]:
    """Read and analyse every file first, so a bad file stops the build before any output.
    (Analysing on two processes was measured slower: pickling the results back costs more
    than the analysis, ~7 ms per file.)"""
    analyses = []
    for done, path in enumerate(paths, 1):
        pid = plan_id or plan_id_from_path(path)
        analyses.append(analyse(str(path), read_plan(path), registry, pid, jurisdiction))
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
    figures: bool = False,
) -> BuildResult:
    """Build the plans into the folder output, which is replaced whole or left as it was; a
    second build into the same folder while this one runs fails at once. With `figures`, also
    draw figures/*.png (matplotlib: as much CPU as the rest of a small build)."""
    with build_lock(output):
        return build_locked(paths, output, strict, plan_id, jurisdiction, progress, figures)


def build_locked(
    paths: Sequence[Path],
    output: Path,
    strict: bool,
    plan_id: str | None,
    jurisdiction: str | None,
    progress: Callable[[int], None] | None,
    figures: bool = False,
) -> BuildResult:
    registry = load_registry()
    analyses = analyse_files(paths, registry, plan_id, jurisdiction, progress)
    unresolved = [u for a in analyses for u in a.unresolved]
    if strict and unresolved:
        # one line per name; the first line is the error's own, with its file and position
        first, rest = unresolved[0], unresolved[1:]
        lines = [f"agency name {first.name!r} is not in the registry"]
        lines += [u.located() for u in rest]
        raise PlanError(
            first.path,
            "\n".join(lines) + "; add each to the aliases of its agency in "
            "data/registries/agencies.csv, or build without --strict",
            first.offset,
            next(a.source.text for a in analyses if a.source.path == first.path),
        )
    disagreements = reconcile(analyses)
    result = BuildResult(graph=None, analyses=analyses)
    result.warnings = [w for a in analyses for w in a.warnings] + [u.message() for u in unresolved]
    if len(analyses) > LARGE_BUILD:
        files, triples = corpus_files(analyses, registry, disagreements, output)
        result.notes.append(
            f"corpus build ({len(analyses)} sources > {LARGE_BUILD}): graph built in Oxigraph and "
            "validated with the SPARQL form of the shapes; figures, analysis.ttl and the site are "
            f"not written: run `plankg rank --graph {output}/graph.ttl` and "
            f"`plankg views {output}/graph.ttl -o {output}` for them"
        )
    else:
        g = build_graph(analyses, registry, disagreements)
        problem = plan_graph_problem(g)
        if problem:
            raise NotPlanGraph(problem)
        text = serialize(g)
        # the SPARQL form of the shapes on Oxigraph, on the very Turtle written: pyshacl's
        # verdict (tests hold the two to it) for a tenth of its time
        store = turtle_store(text)
        validation = check_store(store)
        if not validation.conforms:
            raise shacl_failure(
                output, f"shape constraints (first: {validation.text.splitlines()[0]})"
            )
        result.graph, triples = g, len(g)
        from .analysis.results import analysis_files

        files = {
            "graph.ttl": text,
            # the report's counts from the same store: rdflib's SPARQL engine is not loaded
            "report.md": render(oxigraph_select(store), analyses, validation, disagreements),
        }
        files.update(analysis_files(g, figures=figures))
        from .views.site import site_files

        files.update(site_files(g, files))  # DIR/site/: the browser views, offline
    result.written = replace_folder(output, files, fill=build_cache(result.graph))
    # a task printed in two language versions of a plan is one task of the graph
    tasks = len({(a.source.plan_id, f.task.id) for a in analyses for f in a.facts})
    defects = sum(len(f.defects) for a in analyses for f in a.facts)
    defects += sum(len(a.doc.defects) for a in analyses)
    result.summary = (
        f"{tasks} tasks from {len(analyses)} source(s), {triples} triples, {defects} source "
        f"defects, "
        f"{len(unresolved)} {'body' if len(unresolved) == 1 else 'bodies'} not in the registry; "
        "SHACL: conforms"
    )
    return result


def shacl_failure(output: Path, what: str) -> PlanError:
    return PlanError(
        str(output / "graph.ttl"),
        f"the built graph breaks {what}; nothing written (run with a smaller input to find the task)",
    )


def corpus_files(
    analyses: list[SourceAnalysis],
    registry: Registry,
    disagreements: list,
    output: Path,
) -> tuple[dict[str, bytes | str], int]:
    """graph.ttl and report.md of a corpus build, through Oxigraph."""
    store = build_store(analyses, registry, disagreements)
    select = oxigraph_select(store)
    broken = violations(select, threads=2)
    if broken:
        raise shacl_failure(output, f"shape constraints (first: {broken[0]})")
    validation = Validation(True, 0, "Conforms (SPARQL checks of ontology/shapes.ttl)")
    report = render(select, analyses, validation, disagreements)
    return {"graph.ttl": turtle(store), "report.md": report}, len(store)
