"""Which agencies must work together: Louvain communities of the co-responsibility graph.

Louvain (networkx, fixed seed, weight = Newman's collaboration weight, resolution gamma = 1)
maximises the modularity of the partition C:

    Q = sum over clusters c of [ W_c / W - gamma * (S_c / 2W)^2 ]

W: total edge weight; W_c: weight inside c; S_c: summed strength of c's agencies. Q near 0 means
no more clustering than chance; above about 0.3, clear communities.

Stability: Louvain is run with `runs` seeds (seed, seed + 1, ...); together(a, b) is the
fraction of runs putting a and b in one cluster, and a cluster's stability the mean of
together(a, b) over its pairs (1 for a cluster of one).

A cluster is named by its lead agency (the member leading most tasks; ties: most tasks, then
name) and its dominant sectors: the sectors with most (member, task) pairs, a member named on
a task concerning the sector.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef

from ..namespace import PK
from .burden import scores
from .projection import co_responsibility
from .scope import assignments, label, strongest_roles

if TYPE_CHECKING:
    import networkx as nx


def louvain(G: nx.Graph, seed: int = 0, resolution: float = 1.0) -> list[list]:
    """Louvain communities of G, each sorted, largest first (ties: first member). Nodes are
    numbered in sorted order first, so set order, and so the result, never depends on hashing."""
    import networkx as nx

    nodes = sorted(G)
    index = {n: i for i, n in enumerate(nodes)}
    H = nx.Graph()
    H.add_nodes_from(range(len(nodes)))
    H.add_weighted_edges_from(
        ((index[a], index[b], d["newman"]) for a, b, d in sorted(G.edges(data=True))),
        weight="newman",
    )
    found = nx.community.louvain_communities(H, weight="newman", resolution=resolution, seed=seed)
    parts = [sorted(nodes[i] for i in part) for part in found]
    return sorted(parts, key=lambda p: (-len(p), p[0]))


def modularity(G: nx.Graph, parts: list[list], resolution: float = 1.0) -> float | None:
    import networkx as nx

    if G.size(weight="newman") == 0:
        return None
    return nx.community.modularity(G, parts, weight="newman", resolution=resolution)


def together(G: nx.Graph, seeds: range, resolution: float = 1.0) -> dict[tuple, float]:
    """(a, b) -> fraction of the Louvain runs (one per seed) that put a and b together."""
    return pair_fractions([louvain(G, seed, resolution) for seed in seeds])


def pair_fractions(partitions: list[list[list]]) -> dict[tuple, float]:
    """(a, b) -> fraction of the partitions that put a and b in one part."""
    counts: Counter = Counter()
    for parts in partitions:
        for part in parts:
            counts.update(combinations(part, 2))
    return {pair: n / len(partitions) for pair, n in sorted(counts.items())}


def clusters(
    g: Graph, plan: str | None = None, seed: int = 0, runs: int = 20, resolution: float = 1.0
) -> dict[str, Any]:
    """{"modularity", "seed", "runs", "resolution", "clusters": [row per cluster],
    "pairs": [every pair that ever lands together, least stable first]}."""
    items = assignments(g, plan)
    G = co_responsibility(items)
    # the first stability run is the clustering itself: Louvain runs once per seed
    partitions = [louvain(G, s, resolution) for s in range(seed, seed + runs)]
    parts = partitions[0] if partitions else louvain(G, seed, resolution)
    pairs = pair_fractions(partitions) if partitions else {}
    q = modularity(G, parts, resolution)
    burden = scores(items)
    sectors = member_sectors(g, items)
    rows = []
    for number, part in enumerate(parts, 1):
        lead = min(part, key=lambda a: (-burden[a]["led"], -burden[a]["tasks"], label(g, a)))
        inside = list(combinations(part, 2))
        counted: Counter = sum((sectors.get(a, Counter()) for a in part), Counter())
        dominant = sorted(counted.items(), key=lambda kv: (-kv[1], label(g, kv[0])))[:3]
        rows.append(
            {
                "cluster": number,
                "name": f"{label(g, lead)}: {', '.join(label(g, s) for s, _ in dominant) or '-'}",
                "lead": label(g, lead),
                "lead_iri": str(lead),
                "size": len(part),
                "sectors": [label(g, s) for s, _ in dominant],
                "sector_iris": [str(s) for s, _ in dominant],
                "stability": round(
                    sum(pairs.get(p, 0.0) for p in inside) / len(inside) if inside else 1.0, 6
                ),
                "modularity": None if q is None else round(q, 6),
                "members": [label(g, a) for a in part],
                "iris": [str(a) for a in part],
            }
        )
    pair_rows = [
        {"agency": label(g, a), "other": label(g, b), "together": round(f, 6)}
        for (a, b), f in sorted(pairs.items(), key=lambda kv: (kv[1], kv[0]))
    ]
    return {
        "modularity": None if q is None else round(q, 6),
        "seed": seed,
        "runs": runs,
        "resolution": resolution,
        "clusters": rows,
        "pairs": pair_rows,
    }


def member_sectors(g: Graph, items: list) -> dict[URIRef, Counter]:
    """agency -> Counter of the sectors of the tasks it is named on (not as implementer)."""
    out: dict[URIRef, Counter] = {}
    for task, held in strongest_roles(items).items():
        stated = list(g.objects(task, PK.concernsSector))
        for agency in held:
            out.setdefault(agency, Counter()).update(stated)
    return out
