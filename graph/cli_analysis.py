"""`plankg rank`, `agency`, `clusters`, `centrality`: who carries the plan, read off a built graph."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from .formats import format_option, graph_option, render, top_option

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


def analyse(graphs: Sequence[Path], fn: Callable[..., Any], *args: Any, **options: Any) -> Any:
    """fn(graph, *args, **options) on the graph read from the files."""
    from .io import load_graph

    return fn(load_graph(graphs), *args, **options)


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
    from .analysis.burden import agreement as agree
    from .analysis.burden import burden_table

    options = {"plan": plan, "weights": parse_weights(weights)}
    if agreement:
        rows = analyse(graphs, agree, **options)
    else:
        rows = analyse(graphs, burden_table, by=by, **options)
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
    from .analysis.names import find_agency
    from .analysis.profile import agency_profile

    def profile(g: Any) -> dict[str, Any]:
        return agency_profile(g, find_agency(g, name), plan, parse_weights(weights))

    found = analyse(graphs, profile)
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
    from .analysis.clusters import clusters as find

    found = analyse(graphs, find, plan, seed=seed, runs=runs, resolution=resolution)
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
    from .analysis.centrality import centrality_table

    click.echo(emit(analyse(graphs, centrality_table, plan, by=by), fmt, top))


COMMANDS = (rank, agency, clusters, centrality)
