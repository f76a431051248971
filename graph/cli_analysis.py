"""`plankg rank`, `agency`, `clusters`, `centrality`: who carries the plan, read off a built graph."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from .formats import format_option, graph_option, render, top_option

Call = dict[str, Any]
Task = tuple[
    Call, Callable[[Any], Any]
]  # what a command asks (the cache's key), and how to compute it

HIDDEN_IN_TABLES = {"iri", "iris", "lead_iri", "sector_iris", "agency_names"}


def graph_options(command: Callable) -> Callable:
    """--graph and --plan, shared by every analysis command."""
    command = click.option(
        "--plan",
        metavar="ID",
        help="Only this plan (its id, e.g. henan-2023); default: every plan in the graph.",
    )(command)
    return graph_option(command)


def weight_option(command: Callable) -> Callable:
    return click.option(
        "--weight",
        "weights",
        multiple=True,
        metavar="ROLE=W",
        help="A role weight, repeatable (default lead=2 co-responsible=1 cooperating=0.5 "
        "supporting=0.5).",
    )(command)


def parse_weights(pairs: Sequence[str]) -> dict[str, float]:
    weights = {}
    for pair in pairs:
        role, _, value = pair.partition("=")
        try:
            weights[role.strip()] = float(value)
        except ValueError:
            raise click.ClickException(
                f"--weight {pair!r}: write ROLE=NUMBER, e.g. lead=3"
            ) from None
    return weights


def analyse(graphs: Sequence[Path], task: Task, read: Callable[[], Any] | None = None) -> Any:
    """The task's answer on the graph read from the files (by read(), if given), or the answer
    kept in the graph's cache (graph.cache): the same either way, the graph unread on a hit."""
    from .cache import cached
    from .io import load_graph

    call, compute = task
    return cached(graphs, call, lambda: compute(read() if read else load_graph(graphs)))


def ranking(plan: str | None, by: str, weights: dict[str, float]) -> Task:
    def compute(g: Any) -> Any:
        from .analysis.burden import burden_table

        return burden_table(g, plan, by=by, weights=weights)

    return {"task": "rank", "plan": plan, "by": by, "weights": weights}, compute


def agreement_of(plan: str | None, weights: dict[str, float]) -> Task:
    def compute(g: Any) -> Any:
        from .analysis.burden import agreement

        return agreement(g, plan, weights=weights)

    return {"task": "agreement", "plan": plan, "weights": weights}, compute


def agency_named(name: str) -> Task:
    """The IRI of the agency a name finds; the call holds the name as find_agency reads it."""

    def compute(g: Any) -> Any:
        from .analysis.names import find_agency

        return str(find_agency(g, name))

    return {"task": "agency-named", "name": normal_name(name)}, compute


def normal_name(text: str) -> str:
    """The name as find_agency compares it (analysis.names.normal, without importing rdflib)."""
    return " ".join(text.casefold().split())


def profile_of(iri: str, plan: str | None, weights: dict[str, float]) -> Task:
    def compute(g: Any) -> Any:
        from rdflib import URIRef

        from .analysis.profile import agency_profile

        return agency_profile(g, URIRef(iri), plan, weights)

    return {"task": "agency", "iri": iri, "plan": plan, "weights": weights}, compute


def clustering(plan: str | None, seed: int, runs: int, resolution: float) -> Task:
    def compute(g: Any) -> Any:
        from .analysis.clusters import clusters

        return clusters(g, plan, seed=seed, runs=runs, resolution=resolution)

    call = {"task": "clusters", "plan": plan, "seed": seed, "runs": runs}
    return call | {"resolution": resolution}, compute


def centrality_by(plan: str | None, by: str) -> Task:
    def compute(g: Any) -> Any:
        from .analysis.centrality import centrality_table

        return centrality_table(g, plan, by=by)

    return {"task": "centrality", "plan": plan, "by": by}, compute


# profiles a build computes ahead: agencies x the assignments each profile reads, at most (about
# 0.5 s of CPU; all 26 agencies of the bundled build); the most burdened come first, the rest
# are computed when first asked for, then kept
PROFILE_BUDGET = 8_000
NAMES: Call = {"task": "agency-names"}  # name as find_agency compares it -> the one agency


def build_answers(g: Any) -> Iterator[tuple[Call, Any]]:
    """What a build puts in the cache, each as the command would compute it: every command's
    answer with its default options over every plan, agency profiles (PROFILE_BUDGET), and
    the names that find one agency exactly."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from .analysis.burden import MEASURES
    from .analysis.centrality import CENTRALITY_MEASURES
    from .analysis.names import agency_names, slug
    from .namespace import PK

    rows: list[dict[str, Any]] = []
    for by in MEASURES:
        call, compute = ranking(None, by, {})
        yield call, (found := compute(g))
        rows = rows or found
    for call, compute in [
        agreement_of(None, {}),
        clustering(None, 0, 20, 1.0),
        *(centrality_by(None, by) for by in CENTRALITY_MEASURES),
    ]:
        yield call, compute(g)
    agencies = sorted(str(a) for a in g.subjects(RDF.type, PK.Agency) if isinstance(a, URIRef))
    burdened = list(dict.fromkeys([*(r["iri"] for r in rows), *agencies]))
    stated = sum(r["tasks"] + r["implemented"] for r in rows)
    for iri in burdened[: PROFILE_BUDGET // max(stated, 1)]:
        call, compute = profile_of(iri, None, {})
        yield call, compute(g)
    # find_agency's exact matches: an agency's IRI or slug, else a name only one agency has (the
    # names a reader types in full); a part of a name is looked up in the graph, then kept
    found = {key: {str(a) for a in held} for key, (_, held) in agency_names(g).items()}
    by_iri: dict[str, set[str]] = {}
    for iri in agencies:
        for key in {normal_name(iri), normal_name(slug(iri))}:
            by_iri.setdefault(key, set()).add(iri)
    exact = found | by_iri
    yield NAMES, {key: next(iter(held)) for key, held in sorted(exact.items()) if len(held) == 1}


def agency_iri(graphs: Sequence[Path], name: str, read: Callable[[], Any]) -> str:
    """The IRI of the agency name finds: from the build's table of exact names, else found in
    the graph (and kept)."""
    from .cache import open_cache

    cache = open_cache(graphs)
    exact = cache.lookup(NAMES) if cache else None
    if isinstance(exact, dict) and normal_name(name) in exact:
        return exact[normal_name(name)]
    return analyse(graphs, agency_named(name), read)


def emit(
    rows: Sequence[dict[str, Any]], fmt: str, top: int | None, hide: Sequence[str] = ()
) -> str:
    """The first `top` rows in fmt; tables leave out IRIs (and `hide`), csv and json keep all."""
    rows = list(rows)[:top]
    columns = list(rows[0]) if rows else []
    if fmt in ("table", "md"):
        columns = [c for c in columns if c not in HIDDEN_IN_TABLES and c not in hide]
    return render(rows, fmt, columns)


@click.command()
@click.option(
    "--by",
    default="tasks",
    show_default=True,
    metavar="MEASURE",
    help="tasks, led, weighted, share or implemented (formulas in README).",
)
@weight_option
@click.option(
    "--agreement", is_flag=True, help="Kendall's tau-b between every pair of rankings instead."
)
@graph_options
@format_option()
@top_option()
def rank(
    by: str,
    weights: tuple[str, ...],
    agreement: bool,
    graphs: tuple[Path, ...],
    plan: str | None,
    fmt: str,
    top: int | None,
) -> None:
    """Agencies ranked by burden: tasks, tasks led, role-weighted, share-adjusted, implemented.

    \b
    Example:
        plankg rank --top 5
        plankg rank --by share --weight lead=3 --format csv
        plankg rank --agreement
    """
    weighted = parse_weights(weights)
    task = agreement_of(plan, weighted) if agreement else ranking(plan, by, weighted)
    rows = analyse(graphs, task)
    click.echo(emit(rows, fmt, top))


SECTIONS = ["burden", "tasks", "partners", "sectors", "places"]


@click.command()
@click.argument("name")
@click.option(
    "--section",
    type=click.Choice(["all", *SECTIONS]),
    default="all",
    show_default=True,
    help="Print one part of the profile.",
)
@weight_option
@graph_options
@format_option()
@top_option()
def agency(
    name: str,
    section: str,
    weights: tuple[str, ...],
    graphs: tuple[Path, ...],
    plan: str | None,
    fmt: str,
    top: int | None,
) -> None:
    """One agency's profile: burden under every measure, tasks led and co-signed, partners
    by shared tasks, sectors, places.

    NAME is an English or Chinese name or alias (any case), or part of one that fits a
    single agency; with no match the nearest names are suggested.

    \b
    Example:
        plankg agency "Department of Ecology and Environment"
        plankg agency 生态环境厅 --section partners --top 5
    """
    from .io import load_graph

    weighted = parse_weights(weights)
    read = functools.cache(lambda: load_graph(graphs))  # read once, if the cache has neither
    found = analyse(graphs, profile_of(agency_iri(graphs, name, read), plan, weighted), read)
    parts = SECTIONS if section == "all" else [section]
    if fmt == "json":
        body = {"agency": found["agency"]} | {p: listed(found, p, top) for p in parts}
        click.echo(
            json.dumps(body if section == "all" else body[section], ensure_ascii=False, indent=2)
        )
        return
    who = found["agency"]
    blocks = [] if len(parts) == 1 else [f"{who['en']} ({who['zh']})  {who['iri']}"]
    for part in parts:
        text = emit(listed(found, part, top), fmt, None)
        if len(parts) == 1:
            blocks.append(text)
        elif fmt == "md":
            blocks.append(f"## {part}\n\n{text}")
        else:
            blocks.append(f"# {part}\n{text}")
    click.echo("\n\n".join(blocks))


def listed(profile: dict[str, Any], part: str, top: int | None) -> list[dict[str, Any]]:
    """A part of the profile, --top rows of it; the burden is always whole."""
    return profile[part] if part == "burden" else profile[part][:top]


@click.command()
@click.option("--seed", default=0, show_default=True, help="Louvain seed.")
@click.option(
    "--runs", default=20, show_default=True, type=click.IntRange(min=1), help="Seeds for stability."
)
@click.option("--resolution", default=1.0, show_default=True, help="Louvain resolution gamma.")
@click.option("--pairs", is_flag=True, help="How often each pair lands together, instead.")
@graph_options
@format_option()
@top_option()
def clusters(
    seed: int,
    runs: int,
    resolution: float,
    pairs: bool,
    graphs: tuple[Path, ...],
    plan: str | None,
    fmt: str,
    top: int | None,
) -> None:
    """Co-responsibility clusters (Louvain), with modularity and stability over seeds.

    \b
    Example:
        plankg clusters
        plankg clusters --pairs --top 10
        plankg clusters --plan henan-2023 --format json
    """
    found = analyse(graphs, clustering(plan, seed, runs, resolution))
    if fmt == "json" and not pairs:
        click.echo(
            json.dumps(found | {"clusters": found["clusters"][:top]}, ensure_ascii=False, indent=2)
        )
        return
    # in tables, the name repeats lead and sectors, and modularity goes below
    click.echo(emit(found["pairs" if pairs else "clusters"], fmt, top, ["name", "modularity"]))
    if fmt in ("table", "md") and not pairs:
        q = found["modularity"]
        click.echo(
            f"\nmodularity Q = {'undefined' if q is None else f'{q:.4f}'} (Louvain, seed {seed}, "
            f"resolution {resolution:g}); stability over {runs} seeds"
        )


@click.command()
@click.option(
    "--by",
    default="degree",
    show_default=True,
    metavar="MEASURE",
    help="degree, strength, betweenness, eigenvector, pagerank or core (formulas in README).",
)
@graph_options
@format_option()
@top_option()
def centrality(
    by: str, graphs: tuple[Path, ...], plan: str | None, fmt: str, top: int | None
) -> None:
    """Centrality of each agency in the co-responsibility network (PageRank on lead -> co),
    its k-core layer, and whether it is a broker (high betweenness, low degree).

    \b
    Example:
        plankg centrality --by betweenness --top 10
        plankg centrality --plan henan-2023 --format md
    """
    click.echo(emit(analyse(graphs, centrality_by(plan, by)), fmt, top))


COMMANDS = (rank, agency, clusters, centrality)


def build_cache(graph: Any | None) -> Callable[[Path], None]:
    """What `plankg build` hands replace_folder: cache.write_cache with the commands' default
    answers computed from the graph in memory (none for a corpus build, which holds no rdflib
    graph; its commands keep their answers as they compute them)."""

    def fill(folder: Path) -> None:
        from .cache import write_cache

        write_cache(folder, (lambda: build_answers(graph)) if graph is not None else None)

    return fill
