"""What a view is: the nodes and edges vis-network draws (handed to it through a pyvis Network,
see page.network), and what the page says beside them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .records import Entry

# one colour per kind of node, on every page
KIND_COLOURS: dict[str, str] = {
    "task": "#4c78a8",
    "agency": "#e45756",
    "place": "#54a24b",
    "sector": "#b279a2",
    "section": "#dce7f3",  # a section of the plan: a box holding its tasks until opened
}
FOCUS_COLOUR, FOCUS_BORDER = "#f2b701", "#7a5a00"  # the agency a page is about
# how an agency's role on a task is drawn: solid and wide for the lead, thinner for
# co-responsible bodies, dashed for cooperating, dotted for supporting, faint for implementers
ROLE_STYLES: dict[str, dict[str, Any]] = {
    "lead": {"color": "#b2182b", "width": 4.0, "dashes": False},
    "co-responsible": {"color": "#2166ac", "width": 2.0, "dashes": False},
    "cooperating": {"color": "#1b7837", "width": 2.0, "dashes": [10, 6]},
    "supporting": {"color": "#e08214", "width": 2.0, "dashes": [2, 5]},
    "implementer": {"color": "#9e9e9e", "width": 1.5, "dashes": [2, 6]},
}
# the other lines: a plain link (a task names a place or sector), a narrower sector under its
# broader one, two agencies sharing tasks
STYLES: dict[str, dict[str, Any]] = ROLE_STYLES | {
    "link": {"color": "#b8b8b8", "width": 1.0, "dashes": False},
    "broader": {"color": "#7b4f9d", "width": 2.5, "dashes": False},
    "shared": {"color": "rgba(110, 110, 110, 0.45)", "width": 1.0, "dashes": False},
    "member": {"color": "#9db7d5", "width": 1.0, "dashes": [3, 4]},
}
# categorical colours for clusters (Tableau 10), reused in turn past the tenth
CLUSTER_COLOURS = [
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
]


@dataclass
class Node:
    """One node; `id` is the IRI, `kind` one of KIND_COLOURS."""

    id: str
    kind: str
    label: str
    color: str = ""
    size: float = 12.0
    x: float | None = None
    y: float | None = None
    shape: str = ""
    label_zh: str = ""  # the label in Chinese, which the page's language toggle draws
    focus: bool = False  # what the page is about: drawn larger, its label large and bold
    within: str = ""  # the group node it is drawn in until that group is opened

    def vis(self) -> dict[str, Any]:
        """Its vis-network attributes: `id`, then what pyvis's `add_node` takes as keywords."""
        out: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "color": self.color or KIND_COLOURS[self.kind],
            "size": round(self.size, 3),
            "shape": self.shape or ("square" if self.kind == "task" else "dot"),
        }
        if self.within:
            out["within"] = self.within
        if self.kind == "section":
            out |= {"borderWidth": 2, "color": {"background": out["color"], "border": "#4c78a8"}}
        if self.x is not None and self.y is not None:
            out |= {"x": round(self.x, 3), "y": round(self.y, 3), "fixed": True, "physics": False}
        if self.focus:
            out |= {
                "font": {"size": 24, "bold": True, "strokeWidth": 5, "strokeColor": "#ffffff"},
                "borderWidth": 3,
                "color": {  # the same when picked or hovered: vis-network's blue would hide it
                    "background": FOCUS_COLOUR,
                    "border": FOCUS_BORDER,
                    "highlight": {"background": FOCUS_COLOUR, "border": FOCUS_BORDER},
                    "hover": {"background": FOCUS_COLOUR, "border": FOCUS_BORDER},
                },
            }
        return out


@dataclass
class Edge:
    """One edge, drawn in `style` (a key of STYLES); `note` is what hovering it says."""

    source: str
    target: str
    style: str = "link"
    width: float | None = None
    note: str = ""
    closed: tuple[
        str, ...
    ] = ()  # drawn while these groups are closed (it stands for their members)

    def vis(self, number: int) -> dict[str, Any]:
        """Its vis-network attributes: `from` and `to`, then what pyvis's `add_edge` takes as
        keywords."""
        style = STYLES[self.style]
        out = {
            "id": f"e{number}",
            "from": self.source,
            "to": self.target,
            "color": style["color"],
            "width": round(self.width if self.width is not None else style["width"], 3),
            "dashes": style["dashes"],
            "note": self.note or self.style,
        }
        if self.closed:
            out["closed"] = list(self.closed)
        return out


@dataclass(frozen=True)
class LegendItem:
    """A swatch and what it means: a node colour (`shape` dot or square) or a line style."""

    label: str
    color: str
    shape: str = "dot"
    width: float = 0.0
    dashes: tuple[int, ...] = ()


@dataclass
class View:
    """One page: its file (relative to site/), title, the graph it draws and what it says."""

    path: str
    title: str
    description: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    spread: float = 1.0  # longer springs, stronger repulsion: room for long labels
    legend_note: str = ""  # what the legend as a whole says (how strong the grouping is)
    tree: dict[str, list[str]] | None = None  # drawn as a tree: node -> the nodes above it
    entries: dict[str, Entry] = field(default_factory=dict)  # of the nodes Facts has none for
    min_label_px: float = 0.0  # labels at least this large on screen, at any zoom (0: as set)

    def node_ids(self) -> set[str]:
        return {n.id for n in self.nodes}


def kind_legend(kinds: list[str]) -> list[LegendItem]:
    return [LegendItem(k, KIND_COLOURS[k], "square" if k == "task" else "dot") for k in kinds]


def line_legend(styles: dict[str, str]) -> list[LegendItem]:
    """A line swatch per style, labelled: {"lead": "lead", "link": "task names the place"}."""
    out = []
    for key, text in styles.items():
        style = STYLES[key]
        dashes = tuple(style["dashes"]) if style["dashes"] else ()
        out.append(LegendItem(text, style["color"], "line", style["width"], dashes))
    return out
