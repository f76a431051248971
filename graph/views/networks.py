"""The site-wide network views: overview, agency network, responsibilities and sectors (the map
is graph/views/geo.py).

Each takes the Facts of a graph and returns a View; node ids are IRIs, so what a page draws can
be checked against the graph itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from rdflib import Graph

from ..analysis.places import PLACE_KINDS
from ..analysis.profile import ROLE_ORDER
from ..analysis.projection import co_responsibility
from ..analysis.scope import assignments
from ..namespace import PK
from .facts import FACETS, Facts, grouping_strength
from .model import (
    CLUSTER_COLOURS,
    KIND_COLOURS,
    STYLES,
    Edge,
    LegendItem,
    Node,
    View,
    kind_legend,
    line_legend,
)
from .records import Entry

READABLE = 40  # the most nodes a view opens with ungrouped; above, it groups them (to about 50)
GROUPED_SPREAD = 1.8  # a grouped view: fewer, larger nodes, hubs of many lines, more room
LABEL_PX = 11.0  # the smallest label on screen, at the first fit and at any zoom
# a group of places, by kind: its label in English and Chinese
PLACE_GROUPS = {
    "city": ("cities", "城市"),
    "county": ("counties", "县"),
    "region": ("regions", "区域"),
    "natural feature": ("rivers and mountains", "山川河流"),
    "place": ("other places", "其他地点"),
}
KIND_CLASS = {kind: str(cls) for cls, kind in PLACE_KINDS.items()} | {"place": str(PK.Place)}


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


def aggregate(edges: list[Edge], within: dict[str, str]) -> list[Edge]:
    """The edges as drawn whichever groups are open. An edge whose ends are in no group stays
    as it is; one with an end in a group is drawn between its own ends (both open) and once
    more for each way of standing in for its members: group to other end, end to group, group
    to group, with `closed` naming the groups it stands for (it is drawn while they are
    closed). Edges that meet on one pair of ends and groups become one, as wide as they are
    many, in the strongest of their styles, the note counting them ("involves ×3")."""
    merged: dict[tuple[str, str, tuple[str, ...]], list[Edge]] = {}
    for e in edges:
        for a in [e.source] + ([within[e.source]] if e.source in within else []):
            for b in [e.target] + ([within[e.target]] if e.target in within else []):
                if a != b:
                    closed = tuple(x for x, own in ((a, e.source), (b, e.target)) if x != own)
                    merged.setdefault((a, b, closed), []).append(e)
    order = list(STYLES)
    out = []
    for (a, b, closed), group in merged.items():
        if len(group) == 1 and not closed:
            out.append(group[0])
            continue
        style = min((e.style for e in group), key=order.index)
        notes = Counter(e.note or e.style for e in group)
        note = ", ".join(f"{text} ×{n}" for text, n in notes.items())
        width = max(STYLES[style]["width"], min(1.0 + 0.75 * (len(group) - 1), 10.0))
        out.append(Edge(a, b, style, width=width, note=note, closed=closed))
    return out


def top_sector(facts: Facts, sector: str) -> str:
    seen = {sector}
    while sector in facts.broader and facts.broader[sector] not in seen:
        sector = facts.broader[sector]
        seen.add(sector)
    return sector


def union_facets(entries: list[Entry]) -> dict[str, list[str]]:
    return {k: sorted({v for e in entries for v in e.facets.get(k, [])}) for k in FACETS}


def shortened(text: str, most: int) -> str:
    return text if len(text) <= most else text[:most].rstrip() + "…"


def group_node(
    group: str, kind: str, label: tuple[str, str], members: list[str], facts: Facts
) -> tuple[Node, Entry]:
    """A group's node, drawn as one until opened, and its entry: its members' facets, so a
    filter keeps the group when it keeps one of them."""
    en, zh = label
    n = len(members)
    noun = "task" if kind == "section" else "place"
    count_en = f"{n} {noun}s" if n != 1 else f"1 {noun}"
    count_zh = f"{n}项任务" if kind == "section" else f"{n}处"
    shape = "box" if kind == "section" else "dot"
    drawn = Node(group, kind, f"{en} · {count_en}", size=sized(n), shape=shape)
    drawn.label_zh = f"{zh} · {count_zh}" if zh else ""
    entry = Entry(group, kind, en, zh)
    entry.numbers = [
        (f"{noun}s in it", str(n)),
        ("on the page", f"a click opens it into its {noun}s, another closes it"),
    ]
    entry.facets = union_facets([facts.entries[m] for m in members])
    return drawn, entry


def grouped(
    facts: Facts, nodes: list[Node], edges: list[Edge]
) -> tuple[list[Node], list[Edge], dict[str, Entry]]:
    """The tasks grouped by the section of the plan they are in, the places by their kind
    (cities, counties, ...), each group with two members or more; edges aggregated (see
    `aggregate`) and a line from each group to each member, drawn when it is open."""
    by: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    for n in nodes:
        if n.kind == "task" and n.id in facts.section_of:
            by.setdefault(facts.section_of[n.id], []).append(n.id)
        elif n.kind == "place":
            kind = dict(facts.entries[n.id].numbers).get("kind", "place")
            kinds.setdefault(KIND_CLASS.get(kind, KIND_CLASS["place"]), []).append(n.id)
    names = {KIND_CLASS[k]: v for k, v in PLACE_GROUPS.items() if k in KIND_CLASS}
    groups, entries, within = [], {}, {}
    for section, members in sorted(by.items(), key=lambda item: section_order(facts, item[0])):
        if len(members) < 2:
            continue
        number, en, zh = facts.sections[section]
        label = (f"{number} {shortened(en, 40)}".strip(), f"{number} {zh}".strip() if zh else "")
        drawn, entry = group_node(section, "section", label, members, facts)
        entry.en = f"{number} {en}".strip()
        groups.append(drawn)
        entries[section] = entry
        within |= {m: section for m in members}
    for kind, members in sorted(kinds.items()):
        if len(members) < 2:
            continue
        drawn, entry = group_node(
            kind, "place", names.get(kind, ("places", "地点")), members, facts
        )
        groups.append(drawn)
        entries[kind] = entry
        within |= {m: kind for m in members}
    for n in nodes:
        n.within = within.get(n.id, "")
    hubs = [
        Edge(g, m, "member", note="in the section" if g in facts.sections else "of the kind")
        for m, g in within.items()
    ]
    return nodes + groups, hubs + aggregate(edges, within), entries


def section_order(facts: Facts, section: str) -> tuple[str, list[int], str]:
    """A plan's sections together, 2.9 before 2.10: a section number as the numbers in it."""
    number = facts.sections[section][0].rsplit(" ", 1)[-1]
    plan = section.rsplit("/section/", 1)[0]
    return plan, [int(d) for d in number.split(".") if d.isdigit()], section


def task_view(
    facts: Facts, tasks: list[str], roles: bool, sizes: dict[str, float] | None = None
) -> tuple[list[Node], list[Edge], dict[str, Entry]]:
    """Tasks with the agencies they name, the places they mention and the sectors they concern;
    a line per agency in its strongest role (`roles`) or plain. Above READABLE nodes: sectors
    at their top level and tasks and places grouped (see `grouped`). Size: tasks a node is
    tied to, unless `sizes` says."""
    sizes = sizes or {}

    def parts(top: bool) -> tuple[list[Node], list[Edge]]:
        links: dict[str, list[tuple[str, str]]] = {}
        edges = role_edges(facts, tasks) if roles else []
        for t in tasks:
            if not roles:
                edges += [Edge(t, a, note="involves") for a in sorted(facts.roles[t])]
            for p in facts.places[t]:
                links.setdefault(t, []).append((p, "names the place"))
            named = [top_sector(facts, s) if top else s for s in facts.sectors[t]]
            links.setdefault(t, []).extend((s, "concerns the sector") for s in dict.fromkeys(named))
        edges += [Edge(t, x, note=note) for t in tasks for x, note in links.get(t, [])]
        counts = Counter(e.target for e in edges)
        order = {"agency": 0, "place": 1, "sector": 2}
        others = sorted(counts, key=lambda x: (order[facts.entries[x].kind], x))
        drawn = [node(facts, t) for t in tasks]
        drawn += [node(facts, x, sizes.get(x, sized(counts[x]))) for x in others]
        return drawn, edges

    nodes, edges = parts(top=False)
    if len(nodes) <= READABLE:
        return nodes, edges, {}
    return grouped(facts, *parts(top=True))


def stack(nodes: list[Node], x: float, row: float, zigzag: float = 0.0, y: float = 0.0) -> None:
    """Nodes one under another around height y, every other one `zigzag` further left."""
    top = y - (len(nodes) - 1) * row / 2
    for i, n in enumerate(nodes):
        n.x, n.y = x - (zigzag if i % 2 else 0.0), top + i * row


DOTS = 0.75  # a dot in columns, to its size elsewhere
LINE, GAP = 17.0, 16.0  # canvas px: a line of label at 13 px, and the space under a label
WIDEST = 180.0  # canvas px: the widest a label is drawn (page.network's widthConstraint)


def label_lines(n: Node) -> int:
    """How many lines the node's label takes, in the longer of its two languages (a Latin
    letter about 7.5 px wide at 13 px with room for breaking at words, a Chinese character 13)."""
    en = math.ceil(len(n.label) * 7.5 / (WIDEST - 30))
    zh = math.ceil(len(n.label_zh) * 13.0 / (WIDEST - 20))
    return max(en, zh, 1)


def files(nodes: list[Node], x: float, apart: float = 0.0, count: int = 2) -> None:
    """Nodes in `count` staggered files, the first at x, each next `apart` further left (the
    first node in the first file, the second in the second...), each node under the one
    before it in its file by their radii and the lines of its label; every file centred on
    height 0, each a little lower than the one before."""
    for file in range(count):
        members = nodes[file::count]
        y, ys = 0.0, []
        for i, n in enumerate(members):
            if i:
                above = members[i - 1]
                y += above.size + LINE * label_lines(above) + GAP + n.size
            ys.append(y)
        shift = (ys[-1] if ys else 0.0) / 2 - file * (2 * LINE + GAP) / count
        for n, at in zip(members, ys, strict=True):
            n.x, n.y = x - apart * file, at - shift


def in_columns(nodes: list[Node], focus: str = "") -> None:
    """A grouped view in columns, read left to right: the agencies (most tasks first, in three
    staggered files so their labels do not meet), the agency a page is about, the sections
    of the plan in their order, and where and in what the tasks are (places, then sectors,
    most tasks first). The members of the groups stand in a file beside their column, in the
    groups' order: the tasks right of the sections, the places right of the last column."""

    def by_size(n: Node) -> tuple[float, str]:
        return -n.size, n.id

    drawn = [n for n in nodes if not n.within]
    for n in nodes:  # smaller dots in files: room for the labels, the sizes in proportion
        n.size = round(n.size * DOTS, 3)
    agencies = sorted((n for n in drawn if n.kind == "agency" and n.id != focus), key=by_size)
    sections = [n for n in drawn if n.kind in ("section", "task")]  # in the plan's order
    where = sorted((n for n in drawn if n.kind == "place"), key=by_size)
    where += sorted((n for n in drawn if n.kind == "sector"), key=by_size)
    files(agencies, -410.0 if focus else -300.0, 190.0, count=3)
    for n in nodes:
        if n.id == focus:
            n.x, n.y = -215.0, 0.0
    stack(sections, 0.0, 84.0)
    files(where, 390.0, count=1)
    # every member in one file per column, in the order of the groups, so that with all
    # groups open no two meet, and each group's members stand level with it or near
    rank = {n.id: i for i, n in enumerate(sections + where)}

    def in_order(n: Node) -> tuple[int, list[int], str]:
        return rank.get(n.within, 0), [int(d) for d in re.findall(r"\d+", n.id)], n.id

    members = sorted((n for n in nodes if n.within), key=in_order)
    stack([n for n in members if n.kind == "task"], 205.0, 44.0)
    stack([n for n in members if n.kind != "task"], 590.0, 36.0)


def group_legend(nodes: list[Node]) -> list[LegendItem]:
    out = []
    if any(n.kind == "section" for n in nodes):
        out.append(
            LegendItem("section of the plan · its tasks (click to open)", KIND_COLOURS["section"])
        )
    if any(n.within for n in nodes):
        out += line_legend({"member": "an opened group to its members"})
    return out


def overview(facts: Facts) -> View:
    tasks = sorted(facts.roles)
    nodes, edges, entries = task_view(facts, tasks, roles=False)
    grouping = (
        " It opens with the tasks grouped by the section of the plan they are in, the places "
        "by kind and the sectors at their top level (the Sectors page has the whole tree): "
        "click a group to open it into its members, again to close it; a line is as wide as "
        "the links it stands for."
        if entries
        else ""
    )
    if entries:
        in_columns(nodes)
    kinds = sorted(
        {n.kind for n in nodes} - {"section"}, key=["task", "agency", "place", "sector"].index
    )
    return View(
        "overview.html",
        "Overview",
        "Every task with the agencies it names, the places it mentions and the sectors it "
        "concerns. Size: how many tasks a node is tied to." + grouping,
        nodes,
        edges,
        group_legend(nodes)
        + kind_legend(kinds)
        + line_legend({"link": "task involves, names or concerns"}),
        spread=GROUPED_SPREAD if entries else 1.0,
        entries=entries,
        min_label_px=LABEL_PX,
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
        min_label_px=LABEL_PX,
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
        min_label_px=LABEL_PX,
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
        min_label_px=LABEL_PX,
    )
