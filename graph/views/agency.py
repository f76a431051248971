"""One page per agency: its tasks, the agencies named with it, and those tasks' places and sectors."""

from __future__ import annotations

import re
from collections import Counter

from ..analysis.profile import ROLE_ORDER
from ..analysis.scope import slug
from .facts import Facts
from .model import FOCUS_COLOUR, Edge, LegendItem, View, kind_legend, line_legend
from .networks import (
    GROUPED_SPREAD,
    LABEL_PX,
    group_legend,
    in_columns,
    role_legend,
    sized,
    task_view,
)

UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def page_path(agency: str) -> str:
    """agencies/henan.ecology-environment.html for id/henan/agency/ecology-environment."""
    parts = [UNSAFE.sub("_", p) for p in slug(agency).split("/") if p != "agency"]
    return f"agencies/{'.'.join(parts) or 'agency'}.html"


def partner_to_group(edge: Edge, partners: set[str], groups: set[str]) -> bool:
    ends = {edge.source, edge.target}
    return bool(ends & partners) and bool(ends & groups)


def partner_lines(facts: Facts, agency: str, tasks: list[str], partners: list[str]) -> list[Edge]:
    """A line from each partner to the agency, as wide as the tasks they share, in the
    partner's strongest role on them; its note counts the roles ("co-responsible ×3, lead
    ×1")."""
    out = []
    for a in partners:
        held = [facts.roles[t][a][0] for t in tasks if a in facts.roles[t]]
        roles = Counter(sorted(held, key=ROLE_ORDER.index))
        note = f"named with it on {len(held)} task(s): " + ", ".join(
            f"{r} ×{n}" for r, n in roles.items()
        )
        width = min(1.0 + 0.75 * (len(held) - 1), 10.0)
        out.append(Edge(a, agency, next(iter(roles)), width=width, note=note))
    return out


def agency_page(facts: Facts, agency: str) -> View:
    entry = facts.entries[agency]
    tasks = facts.tasks_of(agency)
    partners = sorted({a for t in tasks for a in facts.roles[t]} - {agency})
    places = sorted({p for t in tasks for p in facts.places[t]})
    sectors = sorted({s for t in tasks for s in facts.sectors[t]})
    # a partner's size: the tasks it shares with this agency; the agency itself: large, in the
    # middle and held there, a star in its own colour
    sizes = {a: sized(sum(a in facts.roles[t] for t in tasks)) for a in partners}
    sizes[agency] = max(sized(len(tasks)), 48.0)
    nodes, edges, entries = task_view(facts, tasks, roles=True, sizes=sizes)
    if entries:  # grouped: a partner's line runs to this agency, not to every group it is in
        edges = [e for e in edges if not partner_to_group(e, set(partners), set(entries))]
        edges += partner_lines(facts, agency, tasks, partners)
        in_columns(nodes, focus=agency)
    nodes.sort(key=lambda n: n.id != agency)
    nodes[0].shape = "star"
    nodes[0].focus = True
    if not entries:
        nodes[0].x = nodes[0].y = 0.0
    led = sum(1 for t in tasks if facts.roles[t][agency][0] == "lead")
    used = {e.style for e in edges}
    kinds = [k for k in ("agency", "task", "place", "sector") if any(n.kind == k for n in nodes)]
    name = f"{entry.en} ({entry.zh})" if entry.zh else entry.en
    grouping = (
        " The page opens with the tasks grouped by the section of the plan they are in, the "
        "places by kind and the sectors at their top level: click a group to open it, again "
        "to close it; a line is as wide as the tasks it stands for, drawn in the strongest "
        "role among them."
        if entries
        else ""
    )
    return View(
        page_path(agency),
        entry.en,
        f"{name}, the star in the middle: the {len(tasks)} task(s) it is named on ({led} as "
        f"lead), the {len(partners)} other agencies named on them (size: tasks shared), and "
        f"the {len(places)} place(s) and {len(sectors)} sector(s) those tasks name. Lines: "
        "each agency's strongest role on the task." + grouping,
        nodes,
        edges,
        [LegendItem("this agency", FOCUS_COLOUR, "star")]
        + group_legend(nodes)
        + kind_legend(kinds)
        + role_legend(used)
        + line_legend({"link": "task names the place or sector"} if "link" in used else {}),
        spread=GROUPED_SPREAD if entries else 1.0,
        entries=entries,
        min_label_px=LABEL_PX,
    )
