"""The networks of a plan, projected from chosen predicates (IRI to IRI, no literals).

- task-agency: bipartite, an edge for every agency on a task, its role on the edge;
- co-responsibility: agencies a and b linked when named on a common task (implementers left
  out), with `shared` = |T(a) & T(b)| and Newman's collaboration weight
  `newman` = sum over shared tasks t of 1 / (n_t - 1), n_t the agencies named on t;
- lead -> co: a directed edge from each task's lead to every other agency named on it,
  `tasks` = how many tasks it happens on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..namespace import PK
from .scope import NAMED_ROLES, ROLE_NAMES, Assignment, strongest_roles

if TYPE_CHECKING:
    import networkx as nx


def task_agency(items: Sequence[Assignment]) -> nx.Graph:
    """Tasks (kind="task") and agencies (kind="agency"); on each edge `role`, the strongest role
    the agency holds on the task, and `roles`, all of them, implementer included."""
    import networkx as nx

    order = (*NAMED_ROLES, PK.Implementer)
    held: dict[tuple, list] = {}
    for a in sorted(items):
        held.setdefault((a.task, a.agency), []).append(a.role)
    G = nx.Graph()
    for (task, agency), roles in held.items():
        names = [ROLE_NAMES[r] for r in sorted(roles, key=order.index)]
        G.add_node(task, kind="task")
        G.add_node(agency, kind="agency")
        G.add_edge(task, agency, role=names[0], roles=names)
    return G


def co_responsibility(items: Sequence[Assignment]) -> nx.Graph:
    """Agencies named (not as implementer) on some task; edges with `shared` and `newman`.

    Both weights are networkx's projections of the named task-agency graph onto its agencies:
    `weighted_projected_graph` (common neighbours) and `collaboration_weighted_projected_graph`
    (Newman's weight, sum of 1 / (degree - 1) over them). Tasks enter as their index in task
    order: networkx sums over sets of tasks, and sets of small integers, unlike sets of IRIs,
    iterate the same way in every process. Agencies keep their first-named order, edges the
    order of their ends."""
    import networkx as nx
    from networkx.algorithms import bipartite

    named = list(strongest_roles(items).values())
    agencies = list(dict.fromkeys(a for held in named for a in held))
    G = nx.Graph()
    G.add_nodes_from(agencies)
    if not agencies:
        return G
    B = nx.Graph()
    B.add_nodes_from(agencies)
    B.add_edges_from((t, a) for t, held in enumerate(named) for a in held)
    shared = bipartite.weighted_projected_graph(B, agencies)
    newman = bipartite.collaboration_weighted_projected_graph(B, agencies)
    index = {a: i for i, a in enumerate(agencies)}
    for i, j in sorted(tuple(sorted((index[a], index[b]))) for a, b in shared.edges):
        a, b = agencies[i], agencies[j]
        G.add_edge(a, b, shared=shared[a][b]["weight"], newman=newman[a][b]["weight"])
    return G


def lead_to_co(items: Sequence[Assignment]) -> nx.DiGraph:
    """Every agency named on some task; lead -> each other named agency, weight `tasks`."""
    import networkx as nx

    G = nx.DiGraph()
    for held in strongest_roles(items).values():
        G.add_nodes_from(held)
        for lead in (a for a, role in held.items() if role == PK.Lead):
            for other in (a for a in held if a != lead):
                tasks = G.get_edge_data(lead, other, default={"tasks": 0})["tasks"]
                G.add_edge(lead, other, tasks=tasks + 1)
    return G
