"""One view as one HTML page: a pyvis `Network` holds what vis-network draws (the
nodes, the edges and the options, physics and layout seed among them), and the templates in
templates/ show it, filled in memory. pyvis's own template and `write_html` are not used (they
load Bootstrap from a CDN and set a popup's innerHTML from node titles); the page takes the
Network's nodes, edges and options as data.

Safety: Jinja escapes every value it prints; the data a page's script reads travels as JSON in
a `<script type="application/json">` block with `<`, `>` and `&` written as \\u escapes, so no
plan text can close the block; and each page carries a Content-Security-Policy that lets only
its own scripts and style run (by hash), so even markup that slipped through could run nothing
and fetch nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from functools import cache, lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from importlib.util import find_spec, module_from_spec
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..io import shipped
from .facts import Facts, facets_of
from .limits import KIND_ORDER
from .model import View

if TYPE_CHECKING:
    import jinja2
    from pyvis.network import Network

TEMPLATES = shipped("views/templates")
VIS_FILE = "vis-network.min.js"  # site/VIS_FILE: vis-network's script, shared by every view
SEED = 20230224  # vis-network's layout seed: the same drawing on every build and every load
FONT = "Noto Sans, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
NAV = [
    ("index.html", "Index"),
    ("overview.html", "Overview"),
    ("agency-network.html", "Agency network"),
    ("responsibilities.html", "Responsibilities"),
    ("map.html", "Map"),
    ("sectors.html", "Sectors"),
]
FILTER_NAMES = {
    "kind": "Type",
    "agency": "Agency",
    "sector": "Sector",
    "city": "City",
    "plan": "Plan",
}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


@cache
def asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def pyvis_folder() -> Traversable:
    """The installed pyvis package's files, found without running pyvis/__init__.py (which
    imports pyvis.network, and with it IPython): a page that only needs vis-network's script
    does not pay for them."""
    spec = find_spec("pyvis")
    if spec is None:
        raise ModuleNotFoundError("pyvis is not installed: pip install pyvis==0.3.2")
    return files(module_from_spec(spec))


@lru_cache(maxsize=1)
def vis_script() -> str:
    """vis-network's standalone script, the newest the pyvis package ships (9.1.2 in pyvis
    0.3.2, the version pyproject.toml pins: pyvis has no API for it, so this reads its
    templates/lib/vis-*/ folders), without its source-map line (a browser with developer
    tools open would fetch it)."""
    lib = pyvis_folder().joinpath("templates", "lib")
    versions = [d for d in lib.iterdir() if d.name.startswith("vis-") and d.is_dir()]
    newest = max(versions, key=lambda d: [int(n) for n in re.findall(r"\d+", d.name)])
    text = newest.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    if "</script" in text.lower():
        raise ValueError("vis-network.min.js contains '</script' and cannot be inlined")
    return text


def script_json(value: Any) -> str:
    """JSON that is safe inside <script type="application/json">, and the same bytes each time."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def digest(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def policy(scripts: list[str], style: str, shared: bool = False) -> str:
    """Only these inline scripts and this style run; nothing is fetched but images inlined as
    data: and, with `shared`, the site's own script files ('self': the site's
    vis-network.min.js, one copy for every page). A hash cannot pin that file: a browser checks
    a script file's hash only where it may read it by CORS, which a page opened from disk may
    not (Chromium blocks the script), so 'self' lets it in, from the site's own origin (on
    file://, local files only)."""
    hashes = " ".join(digest(s) for s in scripts) or "'none'"
    sources = f"'self' {hashes}" if shared else hashes
    return (
        f"default-src 'none'; script-src {sources}; style-src {digest(style)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def render_page(
    template: str,
    *,
    here: str,
    root: str,
    body_class: str,
    css: str,
    scripts: dict[str, str],
    shared: bool = False,
    **values: Any,
) -> str:
    """A page of the site: the template with the site's navigation, its style, and a policy
    that lets run exactly these inline scripts (each given to the template by its name)."""
    from markupsafe import Markup

    return (
        environment()
        .get_template(template)
        .render(
            nav=NAV,
            here=here,
            root=root,
            body_class=body_class,
            css=Markup(css),
            csp=policy(list(scripts.values()), css, shared),
            **{name: Markup(text) for name, text in scripts.items()},
            **values,
        )
    )


def pyvis_network() -> type[Network]:
    """pyvis's Network class, imported without IPython unless IPython is loaded already.
    pyvis.network imports IPython.display for one name, IFrame, which only its `show()` uses in
    a notebook (no page here calls it), and IPython's import cost 0.3 s of CPU, 15% of a
    build. While pyvis.network is imported, sys.modules holds a stand-in IPython.display
    whose IFrame says so if ever called; it is removed at once, so a later `import IPython`
    gets the real one."""
    if "pyvis.network" in sys.modules or "IPython" in sys.modules:
        from pyvis.network import Network

        return Network
    stand_in = ModuleType("IPython.display")

    class IFrame:  # what pyvis's notebook display would build
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise RuntimeError("pyvis was imported without IPython: no notebook display")

    stand_in.IFrame = IFrame  # type: ignore[attr-defined]
    sys.modules["IPython.display"] = stand_in
    try:
        from pyvis.network import Network
    finally:
        if sys.modules.get("IPython.display") is stand_in:
            del sys.modules["IPython.display"]
    return Network


def network(view: View) -> Network:
    """The view as a pyvis Network: its nodes and edges (Node.vis and Edge.vis), and
    vis-network's options set through pyvis: its calls where it has one (the forceAtlas2Based
    solver, physics, stabilisation, hiding edges on drag), its option objects where it has not
    (the layout seed, hover, fonts). Seeded; the larger the graph, the fewer iterations it
    takes to settle.

    Directed, because pyvis compares each edge of an undirected network with every edge before
    it (10,000 edges: 2.6 s, against 0.06 s directed) to drop a second line between a pair,
    which no view draws; `arrows: ""` keeps the lines without arrowheads."""
    Network = pyvis_network()
    from pyvis.options import Layout

    n = len(view.nodes)
    net = Network(directed=True)
    for node in view.nodes:
        attrs = node.vis()
        net.add_node(attrs.pop("id"), **attrs)
    for number, edge in enumerate(view.edges, 1):
        attrs = edge.vis(number)
        net.add_edge(attrs.pop("from"), attrs.pop("to"), arrows="", **attrs)
    if net.num_nodes() != n or net.num_edges() != len(view.edges):
        raise ValueError(
            f"{view.path}: pyvis kept {net.num_nodes()} of {n} nodes and {net.num_edges()} of "
            f"{len(view.edges)} edges (a node id given twice?)"
        )
    net.force_atlas_2based(
        gravity=-60 * view.spread,
        central_gravity=0.01,
        spring_length=90 * view.spread,
        spring_strength=0.06,
        damping=0.4,  # vis-network's default; pyvis writes it out
        overlap=1.0 if view.entries else 0.3,  # a grouped view's boxes and hubs kept apart
    )
    net.toggle_physics(True)
    net.toggle_stabilization(True)
    net.toggle_hide_edges_on_drag(n > 300)
    options = net.options
    options.autoResize = True
    options.layout = Layout(randomSeed=SEED, improvedLayout=n <= 100)
    options.layout.hierarchical.enabled = False  # pyvis's Layout starts hierarchical
    options.physics.minVelocity = 0.75
    stabilization = options.physics.stabilization
    stabilization.iterations = 1000 if n <= 200 else max(150, 200_000 // n)
    stabilization.updateInterval = 25
    interaction = options.interaction
    interaction.hover = True
    interaction.tooltipDelay = 100
    interaction.keyboard = False
    interaction.navigationButtons = False
    options.nodes = {
        "font": {"size": 13, "face": FONT},
        "borderWidth": 1,
        "widthConstraint": {"maximum": 180},
    }
    options.edges.smooth.enabled = False  # pyvis can set the kind of curve, not turn it off
    options.edges.selectionWidth = 2
    if view.tree is not None:
        hierarchical(net)
    elif n and all(node.x is not None for node in view.nodes):
        net.toggle_physics(False)  # placed already (in columns): nothing to settle
    return net


def hierarchical(net: Network) -> None:
    """A tree, top-down: each node a level below the nodes above it (edges run from the broader
    node to the narrower), placed by vis-network's hierarchical layout, which needs no physics
    and places the nodes again as the page opens and closes branches."""
    tree = net.options.layout.hierarchical
    tree.enabled = True
    tree.direction = "UD"
    tree.sortMethod = "directed"
    tree.shakeTowards = "roots"
    tree.levelSeparation = 110
    tree.nodeSpacing = 130
    tree.treeSpacing = 120
    tree.blockShifting = True
    tree.edgeMinimization = True
    tree.parentCentralization = True
    net.options.layout.improvedLayout = False
    net.options.nodes["font"]["size"] = 18  # a tree is drawn wide: labels that stay legible
    net.options.nodes["widthConstraint"] = {"maximum": 150}
    net.toggle_physics(False)


def drawing(net: Network) -> dict[str, Any]:
    """What the page's script hands vis-network, as pyvis gives it: {"nodes", "edges",
    "options"} (the options are pyvis's JSON of its option objects, read back)."""
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options)}


def filters(view: View, facts: Facts) -> list[dict[str, Any]]:
    """The choices of each filter: the kinds, agencies, sectors and cities the view's nodes
    are tied to, by English name (cities only among places)."""
    entries = [view.entries.get(n.id) or facts.entries[n.id] for n in view.nodes]
    kinds = sorted({e.kind for e in entries}, key=lambda k: (KIND_ORDER.get(k, 9), k))
    out = [{"key": "kind", "label": FILTER_NAMES["kind"], "options": [(k, k) for k in kinds]}]
    for key in facets_of(facts.plans):
        values = {v for e in entries for v in e.facets.get(key, [])}
        if key == "city":
            values &= facts.cities
        named = sorted((facts.names[v][0], facts.names[v][1], v) for v in values)
        choices = [(v, f"{en} · {zh}" if zh else en) for en, zh, v in named]
        out.append({"key": key, "label": FILTER_NAMES[key], "options": choices})
    return out


def others(view: View, facts: Facts, choices: list[dict[str, Any]]) -> dict[str, Any]:
    """The agencies, sectors and cities the filters list that are not nodes of the view, by
    IRI: their facet and names, so the search box finds them too (and sets the filter)."""
    drawn = view.node_ids()
    out = {}
    for facet in choices:
        for value, _text in facet["options"]:
            if facet["key"] == "kind" or value in drawn:
                continue
            en, zh = facts.names[value]
            entry = facts.entries.get(value)
            names = [*entry.names, *entry.aliases] if entry else []
            out[value] = {"facet": facet["key"], "en": en, "zh": zh, "aliases": names}
    return out


def node_info(view: View, facts: Facts) -> dict[str, Any]:
    """{"info": entry per node, "keys": every facet value}; an entry's facets are positions in
    keys, which keeps a page small (IRIs repeated per node would be most of it)."""
    entries = [view.entries.get(n.id) or facts.entries[n.id] for n in view.nodes]
    keys = sorted({v for e in entries for values in e.facets.values() for v in values})
    position = {k: i for i, k in enumerate(keys)}
    info = {}
    for entry in entries:
        record = dict(entry.json())
        record["facets"] = {k: [position[v] for v in vs] for k, vs in entry.facets.items()}
        info[entry.id] = record
    return {"info": info, "keys": keys}


def render_view(view: View, facts: Facts) -> str:
    root = "../" * view.path.count("/")
    choices = filters(view, facts)
    data = {
        **drawing(network(view)),
        **node_info(view, facts),
        "others": others(view, facts, choices),
        "facets": [c["key"] for c in choices if c["key"] != "kind"],
        "labels_zh": {n.id: n.label_zh for n in view.nodes if n.label_zh},
        "tree": view.tree,
        "focus": next((n.id for n in view.nodes if n.focus), ""),
        "min_label_px": view.min_label_px,
        "language": facts.language,
        "root": root,
        "here": view.path,
    }
    search_js, view_js = asset("search.js"), asset("view.js")
    css = asset("style.css")
    from markupsafe import Markup

    return render_page(
        "view.html.j2",
        here=view.path,
        root=root,
        body_class="view-page",
        css=css,
        scripts={"search_js": search_js, "view_js": view_js},
        shared=True,
        title=view.title,
        view=view,
        filters=choices,
        languages=["zh", "en"] if facts.language == "zh" else ["en", "zh"],
        data=Markup(script_json(data)),
        vis_src=f"{root}{VIS_FILE}",
    )
