"""One page per agency: its tasks, the agencies named with it, and those tasks' places and sectors."""

from __future__ import annotations

import re

from ..analysis.scope import slug
from .facts import Facts
from .model import FOCUS_COLOUR, LegendItem, View, kind_legend, line_legend
from .networks import node, role_edges, role_legend, sized, task_links

UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def page_path(agency: str) -> str:
    """agencies/henan.ecology-environment.html for id/henan/agency/ecology-environment."""
    parts = [UNSAFE.sub("_", p) for p in slug(agency).split("/") if p != "agency"]
    return f"agencies/{'.'.join(parts) or 'agency'}.html"


def agency_page(facts: Facts, agency: str) -> View:
    entry = facts.entries[agency]
    tasks = facts.tasks_of(agency)
    partners = sorted({a for t in tasks for a in facts.roles[t]} - {agency})
    places = sorted({p for t in tasks for p in facts.places[t]})
    sectors = sorted({s for t in tasks for s in facts.sectors[t]})
    nodes = [node(facts, agency, max(sized(len(tasks)), 36.0))]
    nodes[0].shape = "star"  # the agency the page is about
    nodes[0].focus = True
    nodes += [node(facts, t) for t in tasks]
    # a partner's size: the tasks it shares with this agency
    nodes += [node(facts, a, sized(sum(a in facts.roles[t] for t in tasks))) for a in partners]
    nodes += [node(facts, x, 10.0) for x in places + sectors]
    edges = role_edges(facts, tasks) + task_links(facts, tasks, ("place", "sector"))
    led = sum(1 for t in tasks if facts.roles[t][agency][0] == "lead")
    used = {e.style for e in edges}
    kinds = [k for k in ("agency", "task", "place", "sector") if any(n.kind == k for n in nodes)]
    name = f"{entry.en} ({entry.zh})" if entry.zh else entry.en
    return View(
        page_path(agency),
        entry.en,
        f"{name}: the {len(tasks)} task(s) it is named on ({led} as lead), the "
        f"{len(partners)} other agencies named on them (size: tasks shared), and the {len(places)} place(s) and "
        f"{len(sectors)} sector(s) those tasks name. Lines: each agency's strongest role on "
        "the task.",
        nodes,
        edges,
        [LegendItem("this agency", FOCUS_COLOUR, "star")]
        + kind_legend(kinds)
        + role_legend(used)
        + line_legend({"link": "task names the place or sector"} if "link" in used else {}),
    )
