"""Every file of DIR/site/, rendered in memory: the index, the five views, a page per agency,
and vis-network's script, one file that every view loads (it was 470 KB of every page).

`site_files(g, outputs)` takes the other outputs of a build (report.md, figures/*.png) from the
same dict `write_outputs` writes, so the site is written with them or not at all.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from ..analysis.burden import burden_table
from ..namespace import PK
from .agency import agency_page, page_path
from .compare import PATH as COMPARE_PATH
from .compare import compare_page, plan_page_path, plan_pages
from .compare import plan_titles as titles_by_plan
from .facts import Facts, read_facts
from .geo import map_view, render_map
from .limits import Limits, limited
from .markdown import to_html
from .model import View
from .networks import agency_network, overview, responsibilities, sector_tree
from .page import VIS_FILE, asset, render_page, render_view, script_json, vis_script

RANKING = [
    ("rank", True),
    ("agency", False),
    ("中文", False),
    ("tasks", True),
    ("led", True),
    ("co-responsible", True),
    ("cooperating", True),
    ("supporting", True),
    ("weighted", True),
    ("share", True),
    ("implemented", True),
]


def with_pages(facts: Facts, most: int) -> list[str]:
    """The agencies that get a page: all, or the `most` named on most tasks (then by IRI)."""
    agencies = sorted({a for held in facts.roles.values() for a in held})
    agencies.sort(key=lambda a: (-len(facts.tasks_of(a)), a))
    return sorted(agencies[:most])


def site_files(
    g: Graph, outputs: Mapping[str, str | bytes] | None = None, limits: Limits | None = None
) -> dict[str, str]:
    """{"site/index.html": html, "site/overview.html": html, ...} for the graph g; outputs may
    hold the build's report.md and figures/*.png, which the index shows."""
    outputs, limits = outputs or {}, limits or Limits()
    facts = read_facts(g)
    agencies = with_pages(facts, limits.max_agency_pages)
    for agency in agencies:
        facts.entries[agency].page = page_path(agency)
    views = [
        overview(facts),
        agency_network(g, facts),
        responsibilities(facts),
        map_view(),
        sector_tree(facts),
    ]
    views = [limited(v, limits.max_nodes) for v in views]
    out = {f"site/{v.path}": render_view(v, facts) for v in views if v.path != "map.html"}
    out["site/map.html"] = render_map(g, facts)
    for agency in agencies:
        view = limited(agency_page(facts, agency), limits.max_nodes)
        out[f"site/{view.path}"] = render_view(view, facts)
    notices = []
    left = len({a for held in facts.roles.values() for a in held}) - len(agencies)
    if left > 0:
        notices.append(
            f"{len(agencies):,} agencies have a page of their own (those named on most tasks); "
            f"the other {left:,} appear in the views and the ranking."
        )
    plan_links = []
    if facts.plans > 1:  # the compare page, and each plan's own ranking
        out[f"site/{COMPARE_PATH}"] = compare_page(g, facts, lambda iri: where_drawn(facts, iri))
        views = [*views, compared()]
        columns = [{"name": c, "num": n} for c, n in RANKING]
        by_plan = titles_by_plan(g)
        rankings = {pid: ranking(g, facts, burden_table(g, pid)) for pid in by_plan}
        for path, html in plan_pages(g, rankings, columns).items():
            out[f"site/{path}"] = html
        plan_links = [(plan_page_path(p), f"{p} · {t}" if t else p) for p, t in by_plan.items()]
    out["site/index.html"] = render_index(g, facts, views, agencies, outputs, notices, plan_links)
    out[f"site/{VIS_FILE}"] = vis_script()  # one copy for every view (470 KB)
    return out


def compared() -> View:
    """The compare page as the index lists it beside the views."""
    return View(
        COMPARE_PATH,
        "Compare plans",
        "The plans side by side: which kind of body (function) carries what share of each "
        "plan's tasks, with the tasks behind each number, and what a provincial plan took over "
        "from its national parent, task by task",
    )


def plan_titles(g: Graph) -> list[str]:
    titles = []
    for plan in sorted(g.subjects(RDF.type, PK.Plan)):
        names = sorted(
            g.objects(plan, DCTERMS.title), key=lambda t: getattr(t, "language", "") or ""
        )
        titles.append(" · ".join(str(t) for t in names))
    return titles


def ranking(
    g: Graph, facts: Facts, table: list[dict[str, Any]] | None = None
) -> list[list[dict[str, Any]]]:
    """The ranking table's cells: of every plan (facts.ranking), or of `table` (one plan's)."""
    rows = []
    for row in facts.ranking if table is None else table:
        page = facts.entries[row["iri"]].page if row["iri"] in facts.entries else ""
        cells: list[dict[str, Any]] = []
        for column, number in RANKING:
            value = row["zh" if column == "中文" else column]
            text = f"{value:.3g}" if column == "share" else f"{value:g}" if number else value
            cells.append({"text": text, "num": number, "href": page if column == "agency" else ""})
        rows.append(cells)
    return rows


def where_drawn(facts: Facts, iri: str) -> str:
    """The page that shows a node best, with the node picked: an agency's own page, a place on
    the map, a sector in the tree, anything else in the overview."""
    entry = facts.entries[iri]
    if entry.page:
        page = entry.page
    elif entry.kind == "place" and iri in facts.coordinates:
        page = "map.html"
    elif entry.kind == "sector":
        page = "sectors.html"
    else:
        page = "overview.html"
    return f"{page}#node={quote(iri, safe='')}"


def search_names(facts: Facts) -> list[dict[str, Any]]:
    """Every node of the site as the index's search box reads it."""
    out = []
    for iri, e in sorted(facts.entries.items()):
        text = f"{e.en} · {e.zh} ({e.kind})" if e.zh else f"{e.en} ({e.kind})"
        names = [e.en, e.zh, *e.names, *e.aliases]
        out.append(
            {"id": iri, "en": e.en, "text": text, "names": names, "href": where_drawn(facts, iri)}
        )
    return out


def render_index(
    g: Graph,
    facts: Facts,
    views: list[View],
    agencies: list[str],
    outputs: Mapping[str, str | bytes],
    notices: list[str],
    plan_links: list[tuple[str, str]] | None = None,
) -> str:
    titles = plan_titles(g)
    kinds = [e.kind for e in facts.entries.values()]
    summary = (
        f"{len(titles)} plan(s), {kinds.count('task')} tasks, {kinds.count('agency')} agencies "
        f"named on them, {kinds.count('place')} places they name and {kinds.count('sector')} "
        "sectors in the scheme."
    )
    figures = []
    for name, content in sorted(outputs.items()):
        if name.startswith("figures/") and name.endswith(".png") and isinstance(content, bytes):
            figures.append((name, "data:image/png;base64," + base64.b64encode(content).decode()))
    report = outputs.get("report.md")
    report_html = to_html(report if isinstance(report, str) else "", shift=2) if report else ""
    css, search_js, index_js = asset("style.css"), asset("search.js"), asset("index.js")
    from markupsafe import Markup

    links = []
    for agency in agencies:
        entry = facts.entries[agency]
        links.append((entry.page, f"{entry.en} · {entry.zh}" if entry.zh else entry.en))
    return render_page(
        "index.html.j2",
        here="index.html",
        root="",
        body_class="index-page",
        css=css,
        scripts={"search_js": search_js, "index_js": index_js},
        title=" / ".join(titles) if len(titles) == 1 else f"{len(titles)} plans",
        summary=summary,
        notices=notices,
        views=views,
        ranking_columns=[{"name": c, "num": n} for c, n in RANKING],
        ranking=ranking(g, facts),
        agency_links=sorted(links, key=lambda link: (link[1], link[0])),
        plan_links=plan_links or [],
        figures=figures,
        report=Markup(report_html),
        names=Markup(script_json(search_names(facts))),
    )
