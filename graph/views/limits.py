"""What a view keeps when the graph is too large for a browser to draw and still respond.

vis-network lays out a few hundred nodes in a second or two; thousands (many plans) take long
to settle and leave the page sluggish. Above `max_nodes` a view keeps the best-connected
nodes, agencies, places and sectors before tasks (they are what the tasks are read through),
and says on the page what it left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .model import View

KIND_ORDER = {"section": 0, "agency": 0, "place": 1, "sector": 1, "task": 2}


@dataclass(frozen=True)
class Limits:
    max_nodes: int = 800  # per view
    max_agency_pages: int = 100  # agencies beyond this (fewest tasks) get no page of their own


def degrees(view: View) -> dict[str, int]:
    out = {n.id: 0 for n in view.nodes}
    for e in view.edges:
        out[e.source] = out.get(e.source, 0) + 1
        out[e.target] = out.get(e.target, 0) + 1
    return out


def limited(view: View, max_nodes: int) -> View:
    """view itself when small enough, else a copy with max_nodes nodes and a notice."""
    if len(view.nodes) <= max_nodes:
        return view
    degree = degrees(view)
    ranked = sorted(view.nodes, key=lambda n: (KIND_ORDER.get(n.kind, 3), -degree[n.id], n.id))
    kept = {n.id for n in ranked[:max_nodes]}
    # a node whose group is left out is drawn on its own
    nodes = [
        replace(n, within="") if n.within and n.within not in kept else n
        for n in view.nodes
        if n.id in kept
    ]
    edges = [e for e in view.edges if e.source in kept and e.target in kept]
    notice = (
        f"This view has {len(view.nodes):,} nodes, more than the {max_nodes:,} a browser draws "
        f"and still responds to: it shows {max_nodes:,} of them, agencies, places and sectors "
        f"first, then the tasks with most links ({len(view.nodes) - max_nodes:,} left out, "
        f"with {len(view.edges) - len(edges):,} lines). Each agency's own page shows all of "
        "its tasks."
    )
    return replace(view, nodes=nodes, edges=edges, notices=[*view.notices, notice])
