"""Who holds the network together: centrality, each on the network where it means something.

On the co-responsibility graph G (agencies, linked when named on a common task; n agencies):

- degree(a)      = number of distinct partners;
- strength(a)    = sum over partners b of newman(a, b): the weighted degree under Newman's
                   collaboration weight, i.e. the number of tasks a shares with anyone;
- betweenness(a) = sum over pairs s != a != t of sigma_st(a) / sigma_st, times
                   2 / ((n - 1)(n - 2)): the share of shortest partner paths running through a;
- eigenvector(a) = x_a with lambda x_a = sum over b of shared(a, b) x_b (largest lambda,
                   x of unit length): partners of well-connected partners score high;
- core(a)        = the largest k such that a lies in a subgraph where everyone has >= k
                   partners (k-core); "core" are the agencies of the largest k, the rest
                   "periphery";
- broker(a)      = betweenness above the median and degree at or below the median: few
                   partners, yet on many paths between others.

On the directed lead -> co graph (weights `tasks`), PageRank with damping alpha = 0.85:
pagerank(a) = (1 - alpha) / n + alpha * sum over leads b -> a of pagerank(b) * tasks(b, a) /
out(b), dangling mass spread evenly: how much the plan's leads, weighted by their own standing,
draw on a.
"""

from __future__ import annotations

from statistics import median
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .burden import ranked
from .projection import co_responsibility, lead_to_co
from .scope import AnalysisError, assignments, label

if TYPE_CHECKING:
    import networkx as nx

CENTRALITY_MEASURES: dict[str, str] = {
    "degree": "distinct partners on common tasks",
    "strength": "weighted degree, Newman's collaboration weight",
    "betweenness": "share of shortest partner paths through the agency",
    "eigenvector": "eigenvector centrality, weighted by shared tasks",
    "pagerank": "PageRank on the lead -> co graph",
    "core": "k-core number",
}


def centrality_table(g: Graph, plan: str | None = None, by: str = "degree") -> list[dict[str, Any]]:
    """One row per agency named on a task, every measure, sorted by `by` (high first), then name."""
    import networkx as nx

    if by not in CENTRALITY_MEASURES:
        raise AnalysisError(f"unknown measure {by!r} (measures: {', '.join(CENTRALITY_MEASURES)})")
    items = assignments(g, plan)
    G, D = co_responsibility(items), lead_to_co(items)
    if not len(G):
        return []
    degree = dict(G.degree())
    strength = dict(G.degree(weight="newman"))
    betweenness = nx.betweenness_centrality(G, normalized=True)
    try:
        eigen = nx.eigenvector_centrality(G, weight="shared", max_iter=1000, tol=1e-9)
    except nx.PowerIterationFailedConvergence:
        eigen = {}
    pagerank = power_pagerank(D, alpha=0.85, weight="tasks")
    core = nx.core_number(G)
    top_core = max(core.values())
    mid_between, mid_degree = median(betweenness.values()), median(degree.values())
    rows = []
    for a in sorted(G):
        rows.append(
            {
                "agency": label(g, a, "en"),
                "zh": label(g, a, "zh"),
                "degree": degree[a],
                "strength": round(strength[a], 6),
                "betweenness": round(betweenness[a], 6),
                "eigenvector": round(eigen[a], 6) if a in eigen else None,
                "pagerank": round(pagerank[a], 6),
                "core": core[a],
                "layer": "core" if core[a] == top_core else "periphery",
                "broker": betweenness[a] > mid_between and degree[a] <= mid_degree,
                "iri": str(a),
            }
        )
    return [row for row, _ in ranked(rows, by)] + [r for r in rows if r[by] is None]


def power_pagerank(
    D: nx.DiGraph,
    alpha: float = 0.85,
    weight: str = "tasks",
    max_iter: int = 100,
    tol: float = 1e-6,
) -> dict[Any, float]:
    """`nx.pagerank(D, alpha, weight=weight)` in plain Python: the same power iteration (no
    personalisation, dangling mass spread evenly, edges without `weight` weighing 1) and the
    same stop (l1 change below n * tol). networkx's own runs on scipy, whose import alone
    (0.25 s) costs more than every other measure of a plan; tests compare the two."""
    import networkx as nx

    nodes = list(D)
    n = len(nodes)
    if not n:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    out = [0.0] * n
    for a, _b, w in D.edges(data=weight, default=1):
        out[index[a]] += w
    edges = [(index[a], index[b], w / out[index[a]]) for a, b, w in D.edges(data=weight, default=1)]
    dangling = [i for i in range(n) if out[i] == 0]
    x = [1.0 / n] * n
    for _ in range(max_iter):
        last = x
        moved = [0.0] * n
        for a, b, w in edges:
            moved[b] += last[a] * w
        spread = sum(last[i] for i in dangling) / n
        x = [alpha * (m + spread) + (1 - alpha) / n for m in moved]
        if sum(abs(a - b) for a, b in zip(x, last, strict=True)) < n * tol:
            return dict(zip(nodes, x, strict=True))
    raise nx.PowerIterationFailedConvergence(max_iter)
