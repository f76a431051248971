"""The site-wide network views: overview, agency network, responsibilities and sectors (the map
is graph/views/geo.py).

Each takes the Facts of a graph and returns a View; node ids are IRIs, so what a page draws can
be checked against the graph itself.
"""

from __future__ import annotations

import math

from rdflib import Graph

from ..analysis.profile import ROLE_ORDER
from ..analysis.projection import co_responsibility
from ..analysis.scope import assignments
from .facts import Facts, grouping_strength
from .model import (
    CLUSTER_COLOURS,
    KIND_COLOURS,
    Edge,
    LegendItem,
    Node,
    View,
    kind_legend,
    line_legend,
)


def sized(count: float) -> float:
    """Node size for a count (tasks, burden): area grows with the count."""
    return 8.0 + 4.0 * math.sqrt(max(count, 0.0))


def node(facts: Facts, iri: str, size: float = 12.0) -> Node:
    entry = facts.entries[iri]
    return Node(
        iri, entry.kind, entry.short or entry.en, size=size, label_zh=entry.short_zh or entry.zh
    )


def task_links(facts: Facts, tasks: list[str], kinds: tuple[str, ...]) -> list[Edge]:
    """Plain links from tasks to the places and sectors they name, in that order."""
    edges = []
    for t in tasks:
        if "place" in kinds:
            edges += [Edge(t, p, note="names the place") for p in facts.places[t]]
        if "sector" in kinds:
            edges += [Edge(t, s, note="concerns the sector") for s in facts.sectors[t]]
    return edges


def role_edges(facts: Facts, tasks: list[str], agencies: set[str] | None = None) -> list[Edge]:
    """An edge per (task, agency) in the agency's strongest role, drawn in that role's style."""
    edges = []
    for t in tasks:
        for agency, roles in sorted(facts.roles[t].items()):
            if agencies is None or agency in agencies:
                edges.append(Edge(t, agency, roles[0], note=", ".join(roles)))
    return edges


def role_legend(used: set[str]) -> list[LegendItem]:
    """Every role's line, so the legend reads the same on every page; roles no line is drawn in
    say so."""
    return line_legend({r: r if r in used else f"{r} (none here)" for r in ROLE_ORDER})


def overview(facts: Facts) -> View:
    tasks = sorted(facts.roles)
    counts: dict[str, int] = {}
    for t in tasks:
        for x in [*facts.roles[t], *facts.places[t], *facts.sectors[t]]:
            counts[x] = counts.get(x, 0) + 1
    nodes = [node(facts, t) for t in tasks]
    nodes += [node(facts, x, sized(n)) for x, n in sorted(counts.items())]
    edges = [Edge(t, a, note="involves") for t in tasks for a in sorted(facts.roles[t])]
    edges += task_links(facts, tasks, ("place", "sector"))
    return View(
        "overview.html",
        "Overview",
        "Every task with the agencies it names, the places it mentions and the sectors it "
        "concerns. Size: how many tasks a node is tied to.",
        nodes,
        edges,
        kind_legend(
            sorted({n.kind for n in nodes}, key=["task", "agency", "place", "sector"].index)
        )
        + line_legend({"link": "task involves, names or concerns"}),
    )


def agency_network(g: Graph, facts: Facts) -> View:
    """Agencies named on a common task (implementers left out), from the analysis."""
    G = co_responsibility(assignments(g))
    nodes = []
    for agency in sorted(map(str, G)):
        weighted = float(facts.burden.get(agency, {}).get("weighted", 0.0))
        number = facts.cluster.get(agency, (0, ""))[0]
        colour = CLUSTER_COLOURS[(number - 1) % len(CLUSTER_COLOURS)] if number else ""
        nodes.append(node(facts, agency, sized(weighted)))
        nodes[-1].color = colour
    edges = []
    for a, b, d in sorted((str(a), str(b), d) for a, b, d in G.edges(data=True)):
        a, b = sorted((a, b))
        shared = int(d["shared"])
        note = f"{shared} shared task{'s' if shared != 1 else ''}"
        edges.append(Edge(a, b, "shared", width=min(1.0 + 0.75 * (shared - 1), 12.0), note=note))
    clusters = sorted(set(facts.cluster.values()))
    legend = [
        LegendItem(f"{name} (group {n})", CLUSTER_COLOURS[(n - 1) % len(CLUSTER_COLOURS)])
        for n, name in clusters
    ]
    return View(
        "agency-network.html",
        "Agency network",
        "Agencies linked when named on a common task (as lead, co-responsible, cooperating or "
        "supporting body; implementers left out). Size: role-weighted burden (lead 2, "
        "co-responsible 1, cooperating and supporting 0.5). Colour: the group of agencies "
        "that share most tasks (Louvain clusters), named by the sectors their tasks concern "
        "most. Line width: tasks the two share.",
        nodes,
        edges,
        legend + line_legend({"shared": "shares tasks (wider: more)"}),
        spread=2.0,
        legend_note=grouping_strength(facts.modularity),
    )


def responsibilities(facts: Facts) -> View:
    tasks = [t for t in sorted(facts.roles) if facts.roles[t]]
    agencies = sorted({a for t in tasks for a in facts.roles[t]})
    nodes = [node(facts, t) for t in tasks]
    nodes += [node(facts, a, sized(len(facts.tasks_of(a)))) for a in agencies]
    edges = role_edges(facts, tasks)
    used = {e.style for e in edges}
    return View(
        "responsibilities.html",
        "Responsibilities",
        "Tasks and the agencies their responsibility notes name, each line drawn in the "
        "agency's strongest role on the task.",
        nodes,
        edges,
        kind_legend(["task", "agency"]) + role_legend(used),
        spread=1.3,
    )


def sector_tree(facts: Facts) -> View:
    """The sector scheme as a tree, top-level sectors first: each sector labelled with the
    tasks that concern it or a narrower one, the tasks under the sectors they concern. The page
    opens with the top level only; a click on a sector opens what is under it."""
    sectors = sorted(e.id for e in facts.entries.values() if e.kind == "sector")
    tasks = [t for t in sorted(facts.sectors) if facts.sectors[t]]
    nodes = [node(facts, t) for t in tasks]
    for s in sectors:
        under = len(facts.tasks_under(s))
        n = node(facts, s, sized(len(facts.tasks_naming(facts.sectors, s))))
        n.label += f" · {under}"
        n.label_zh += f" · {under}" if n.label_zh else ""
        n.shape = "box"
        nodes.append(n)
    edges = [
        Edge(facts.broader[s], s, "broader", note="broader than")
        for s in sectors
        if s in facts.broader
    ]
    edges += [Edge(s, t, note="is a sector of") for t in tasks for s in facts.sectors[t]]
    tree = {e.target: [] for e in edges}
    for e in edges:
        tree[e.target].append(e.source)
    return View(
        "sectors.html",
        "Sectors",
        "The sector scheme as a tree, broader sectors above narrower ones, each with the number "
        "of tasks that concern it or a narrower sector. It opens with the top level: click a "
        "sector to open or close what is under it (its narrower sectors and its tasks), or open "
        "them all.",
        nodes,
        edges,
        [
            LegendItem("task", KIND_COLOURS["task"], "square"),
            LegendItem("sector · tasks that concern it", KIND_COLOURS["sector"], "square"),
        ]
        + line_legend({"broader": "broader sector above narrower", "link": "sector to its task"}),
        tree=tree,
    )
