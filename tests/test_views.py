"""The site without a browser: what each view holds, how it is drawn, the size limits, the
escaping, the same bytes on every build, and the `plankg views` command."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from graph.analysis.clusters import clusters
from graph.cli import main
from graph.namespace import PK, mint
from graph.views.agency import page_path
from graph.views.facts import grouping_strength, read_facts
from graph.views.limits import limited
from graph.views.markdown import to_html
from graph.views.model import ROLE_STYLES, Edge, Node, View
from graph.views.networks import (
    READABLE,
    agency_network,
    aggregate,
    overview,
    responsibilities,
)
from graph.views.page import SEED, network, render_view, script_json
from graph.views.site import site_files

from .analysis_graphs import agency, task, tiny
from .views_support import BREAKOUT, IMG, SCRIPT, xss_graph

DATA = re.compile(r'<script type="application/json" id="plankg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = CliRunner().invoke(main, ["build", "--figures", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().splitlines()[-1] == f"open {out / 'site' / 'index.html'}"
    return out


def page_data(html: str) -> dict:
    found = DATA.search(html)
    assert found, "no data block"
    return json.loads(found.group(1))


def test_build_writes_every_view(built: Path) -> None:
    site = built / "site"
    names = {p.name for p in site.glob("*.html")}
    assert names == {
        "index.html",
        "overview.html",
        "agency-network.html",
        "responsibilities.html",
        "map.html",
        "sectors.html",
    }
    assert (site / "agencies" / "henan.ecology-environment.html").is_file()
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in names - {"index.html"}:
        assert f'href="{name}"' in index
    assert 'href="agencies/henan.ecology-environment.html"' in index
    assert "data:image/png;base64," in index  # the build's figures, inlined
    assert "<h4>Source defects</h4>" in index  # report.md, rendered


def test_pages_fetch_nothing_and_run_only_their_own_scripts(built: Path) -> None:
    for page in sorted((built / "site").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="([^"]*)"', html):
            assert not re.match(r"(?i)([a-z]+:)?//", url), (page, url)
        found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert found, page
        policy = unescape(found.group(1))
        assert "default-src 'none'" in policy, page
        scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
        for script in scripts:
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy, page
        assert "'unsafe-inline'" not in policy
        assert "sourceMappingURL" not in html


def test_script_json_cannot_close_its_block() -> None:
    value = {"text": f"{SCRIPT} </script><!-- & {IMG}"}
    text = script_json(value)
    assert not set("<>&") & set(text)
    assert json.loads(text) == value


def test_a_view_is_the_pyvis_network_it_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page carries what pyvis's Network holds after the view is added to it, node for
    node, edge for edge, option for option: nothing drawn goes around pyvis."""
    from pyvis.network import Network

    g = xss_graph()
    facts = read_facts(g)
    view = overview(facts)
    built: list[Network] = []
    original = Network.get_network_data

    def spy(self: Network) -> tuple:
        built.append(self)
        return original(self)

    monkeypatch.setattr(Network, "get_network_data", spy)
    data = page_data(render_view(view, facts))
    [net] = built
    assert data["nodes"] == net.nodes and data["edges"] == net.edges
    assert data["options"] == json.loads(net.options.to_json())
    assert [n["id"] for n in net.nodes] == [n.id for n in view.nodes]
    assert [(e["from"], e["to"]) for e in net.edges] == [(e.source, e.target) for e in view.edges]
    # physics and seed as pyvis's calls and Layout set them
    assert net.options.physics.solver == "forceAtlas2Based"
    assert net.options.physics.forceAtlas2Based.springLength == 90 * view.spread
    assert data["options"]["layout"]["randomSeed"] == SEED
    assert data["options"]["layout"]["hierarchical"]["enabled"] is False
    assert data["options"]["configure"] == {"enabled": False}  # pyvis's own default, written out
    assert all(e["arrows"] == "" for e in data["edges"])  # directed, drawn without arrowheads


def test_a_node_pyvis_would_drop_is_an_error() -> None:
    twice = View("x.html", "X", "x", [Node("a", "agency", "A"), Node("a", "agency", "A again")])
    with pytest.raises(ValueError, match="pyvis kept 1 of 2 nodes"):
        network(twice)


def test_a_label_that_closes_its_script_stays_inert() -> None:
    """`</script><img onerror=...>` in a plan title, an agency's names and a task's text: on every
    page the only script blocks are the page's own, no <img> tag is written, and the label
    reaches the page's data, and pyvis's node, exactly as the plan gives it."""
    breakout = str(mint("xss", "agency", "breakout"))
    files = site_files(xss_graph())
    assert "site/agencies/xss.breakout.html" in files
    assert set(files) - {n for n in files if n.endswith(".html")} == {"site/vis-network.min.js"}
    for name, html in files.items():
        if not name.endswith(".html"):
            continue
        lowered = html.lower()
        # the names and the search and index scripts; the data, vis-network (the shared
        # file, by src), search and view; the map's data, search and map scripts (no
        # vis-network)
        blocks = 3 if name in ("site/index.html", "site/map.html") else 4
        assert lowered.count("</script") == blocks, name  # no label closed a block
        assert "<img" not in lowered, name
        if name == "site/index.html":
            assert "Plan &lt;script&gt;window.__xss=1&lt;/script&gt; &lt;/script&gt;&lt;img" in html
            continue
        data = page_data(html)
        label = {n["id"]: n["label"] for n in data.get("nodes", [])}
        if breakout in label:
            assert label[breakout] == f"Office {BREAKOUT}", name
            assert data["info"][breakout]["zh"] == f"办{BREAKOUT}"


def test_finding_vis_network_runs_no_pyvis_code() -> None:
    """pyvis/__init__.py imports pyvis.network and with it IPython: reading the script a page
    inlines must not (a page's drawing imports pyvis.network where it is built)."""
    code = (
        "import sys; from graph.views.page import vis_script; "
        "assert '@version 9.1.2' in vis_script(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyvis', 'IPython')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_drawing_a_page_loads_no_ipython_and_leaves_it_importable() -> None:
    """pyvis.network imports IPython.display for notebooks only: a page is drawn without
    loading IPython, and IPython imported afterwards is the real one."""
    code = (
        "import sys; from graph.views.page import pyvis_network; Network = pyvis_network(); "
        "assert Network.__module__ == 'pyvis.network'; "
        "print('IPython' in sys.modules, 'IPython.display' in sys.modules); "
        "import IPython.display; print(IPython.display.IFrame.__module__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "IPython.lib.display"]


def test_markdown_is_escaped_then_marked_up() -> None:
    html = to_html(f"# Title {IMG}\n\nA **bold** `{SCRIPT}` line\n\n- item {IMG}\n- two")
    assert "<img" not in html and "<script>" not in html
    assert "<h2>Title &lt;img src=x onerror=window.__xss=1&gt;</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<code>&lt;script&gt;window.__xss=1&lt;/script&gt;</code>" in html
    assert "<ul>\n<li>item &lt;img" in html and "<li>two</li>" in html


def test_markdown_tables() -> None:
    html = to_html("| task | a \\| b | n |\n|---|---|--:|\n| 1 | x \\| y | 3 |\n\n| text after", 0)
    assert "<th>a | b</th>" in html and '<th class="num">n</th>' in html
    assert "<td>x | y</td>" in html and '<td class="num">3</td>' in html
    assert "<p>| text after</p>" in html  # a lone pipe line is text


def test_agency_network_sizes_colours_and_widths() -> None:
    g = tiny(
        [
            ("1", "A", "lead"),
            ("1", "B", "co"),
            ("2", "A", "lead"),
            ("2", "B", "co"),
            ("2", "C", "cooperating"),
            ("3", "C", "lead"),
            ("3", "D", "co"),
            ("4", "E", "implementer"),
            ("4", "D", "supporting"),
        ]
    )
    view = agency_network(g, read_facts(g))
    size = {n.id: n.size for n in view.nodes}
    assert set(size) == {str(agency(x)) for x in "ABCD"}  # E only implements
    assert size[str(agency("A"))] > size[str(agency("B"))] > size[str(agency("D"))]
    width = {(e.source, e.target): e.width for e in view.edges}
    ab = tuple(sorted((str(agency("A")), str(agency("B")))))
    ac = tuple(sorted((str(agency("A")), str(agency("C")))))
    assert width[ab] > width[ac]  # two shared tasks against one
    colours = {n.id: n.color for n in view.nodes}
    assert len(set(colours.values())) >= 2 and all(colours.values())


def test_responsibility_lines_differ_by_role() -> None:
    g = tiny(
        [
            ("1", "A", "lead"),
            ("1", "B", "co"),
            ("1", "C", "cooperating"),
            ("1", "D", "supporting"),
        ]
    )
    view = responsibilities(read_facts(g))
    drawn = {e.target: e.vis(1) for e in view.edges if e.source == str(task("1"))}
    styles = {(d["color"], d["width"], str(d["dashes"])) for d in drawn.values()}
    assert len(styles) == 4
    assert drawn[str(agency("A"))]["dashes"] is False
    assert drawn[str(agency("A"))]["width"] > drawn[str(agency("B"))]["width"]
    assert drawn[str(agency("C"))]["dashes"] == ROLE_STYLES["cooperating"]["dashes"]
    assert drawn[str(agency("D"))]["dashes"] == ROLE_STYLES["supporting"]["dashes"]
    assert [item.label for item in view.legend if item.shape == "line"][:4] == [
        "lead",
        "co-responsible",
        "cooperating",
        "supporting",
    ]


def test_limited_keeps_hubs_and_says_what_it_left_out() -> None:
    nodes = [Node(f"a{i}", "agency", f"A{i}") for i in range(3)]
    nodes += [Node(f"t{i}", "task", f"T{i}") for i in range(10)]
    edges = [Edge(f"t{i}", f"a{i % 3}") for i in range(10)] + [Edge("t9", "a0"), Edge("t9", "a1")]
    view = View("x.html", "X", "x", nodes, edges)
    assert limited(view, 13) is view
    cut = limited(view, 5)
    assert [n.id for n in cut.nodes] == ["a0", "a1", "a2", "t0", "t9"]
    assert all(e.source in {"t0", "t9"} for e in cut.edges)
    assert "This view has 13 nodes" in cut.notices[-1] and "8 left out" in cut.notices[-1]


def test_page_names_are_safe() -> None:
    assert page_path(str(mint("henan", "agency", "ecology-environment"))) == (
        "agencies/henan.ecology-environment.html"
    )
    assert page_path(str(mint("china", "agency", "mee"))) == "agencies/china.mee.html"
    assert page_path("https://w3id.org/plankg/id/x/agency/a%3Cb%3E") == "agencies/x.a_3Cb_3E.html"


def test_search_names_and_facets(bilingual_graph: Graph) -> None:
    facts = read_facts(bilingual_graph)
    ee = facts.entries[str(mint("henan", "agency", "ecology-environment"))]
    assert ee.zh == "河南省生态环境厅" and "省生态环境厅" in ee.names
    assert ee.short == "Department of Ecology and Environment"
    t7 = facts.entries[str(mint("henan-2023", "task", "7"))]
    assert {p["lang"] for p in t7.passages} == {"en", "zh"}
    assert ee.id in t7.facets["agency"]
    assert str(mint("sector", "industry")) in t7.facets["sector"]  # cement's top concept
    zhengzhou = str(mint("place", "zhengzhou"))
    assert zhengzhou in facts.cities


def views_twice(graph: Path, tmp_path: Path, seed: str) -> dict[str, bytes]:
    out = tmp_path / seed
    subprocess.run(
        # `python -m graph.cli` would not see commands registered from other modules
        [
            sys.executable,
            "-c",
            "from graph.cli import main; main()",
            "views",
            str(graph),
            "-o",
            str(out),
        ],
        check=True,
        env={"PYTHONHASHSEED": seed, "PATH": ""},
        capture_output=True,
    )
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.html"))}


def test_same_graph_same_bytes(built: Path, tmp_path: Path) -> None:
    first = views_twice(built / "graph.ttl", tmp_path, "1")
    assert len(first) > 6
    assert first == views_twice(built / "graph.ttl", tmp_path, "2")
    assert first["site/index.html"] == (built / "site" / "index.html").read_bytes()


def test_views_command(built: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["views", str(built / "graph.ttl"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1] == f"open {tmp_path / 'site' / 'index.html'}"
    assert re.fullmatch(rf"wrote \d+ pages into {re.escape(str(tmp_path / 'site'))}", lines[-2])
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<h4>Source defects</h4>" in index  # report.md found beside the graph


def test_views_command_without_a_graph(tmp_path: Path) -> None:
    missing = tmp_path / "graph.ttl"
    result = CliRunner().invoke(main, ["views", str(missing)])
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines() == [
        f"Error: {missing}: no such graph file (run `plankg build` first)"
    ]
    assert not (tmp_path / "site").exists()


def test_tiny_graph_pages_hold_their_nodes() -> None:
    g = tiny([("1", "A", "lead"), ("1", "B", "co"), ("2", "B", "lead")])
    files = site_files(g)
    data = page_data(files["site/responsibilities.html"])
    ids = {n["id"] for n in data["nodes"]}
    assert ids == {str(task("1")), str(task("2")), str(agency("A")), str(agency("B"))}
    assert {e["from"] for e in data["edges"]} == {str(task("1")), str(task("2"))}
    assert set(data["info"]) == ids
    assert data["options"]["layout"]["randomSeed"] == 20230224
    a_page = page_data(files["site/agencies/tiny.a.html"])
    assert {n["id"] for n in a_page["nodes"]} == {
        str(task("1")),
        str(agency("A")),
        str(agency("B")),
    }


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [("", pytest.skip.Exception), ("true", pytest.fail.Exception), ("1", pytest.fail.Exception)],
)
def test_browser_tests_skip_only_outside_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ci: str, outcome: type
) -> None:
    from . import browser_support

    monkeypatch.setattr(browser_support, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="chromium"):
        browser_support.require_chromium()
    monkeypatch.setattr(browser_support, "CHROMIUM", Path(sys.executable))
    browser_support.require_chromium()  # present: neither skips nor fails


@pytest.mark.parametrize(
    ("q", "word"), [(0.07, "weak"), (0.29, "weak"), (0.3, "moderate"), (0.55, "strong")]
)
def test_grouping_strength_in_words(q: float, word: str) -> None:
    assert f"modularity Q = {q:.2f}, {word}:" in grouping_strength(q)


def test_clusters_named_by_their_work_and_their_strength_said(built: Path) -> None:
    """The legend names a group by the sectors its members' tasks concern most, in words, and
    the page says what the modularity of the grouping means; no "cluster 1: <agency>" left."""
    g = Graph().parse(built / "graph.ttl")
    found = clusters(g)
    html = unescape((built / "site" / "agency-network.html").read_text(encoding="utf-8"))
    assert "cluster 1:" not in html
    for row in found["clusters"]:
        first = row["sectors"][0]
        assert f"{first}" in html and f"(group {row['cluster']})" in html
        assert f"{row['size']} agencies around " in html
    q = found["modularity"]
    assert q < 0.3  # the Henan plan's agencies work across their groups
    assert f"modularity Q = {q:.2f}, weak" in html


def test_pages_carry_chinese_labels_and_the_plans_language(built: Path) -> None:
    html = (built / "site" / "agency-network.html").read_text(encoding="utf-8")
    data = page_data(html)
    assert data["language"] == "zh"  # the Henan plan is Chinese; its English a translation
    ee = str(mint("henan", "agency", "ecology-environment"))
    assert data["labels_zh"][ee] == "生态环境厅"  # 河南省生态环境厅 without its jurisdiction
    assert {n["id"] for n in data["nodes"]} == set(data["labels_zh"])
    tasks = page_data((built / "site" / "overview.html").read_text(encoding="utf-8"))
    assert tasks["labels_zh"][str(mint("henan-2023", "task", "1"))] == "1. 加强生态环境分区管控"


def test_aggregate_draws_an_edge_for_each_state_of_its_groups() -> None:
    """Tasks t1, t2 in section S, places p1, p2 of kind K: each edge between its own ends,
    and between a group and the other end while the group is closed, counted."""
    within = {"t1": "S", "t2": "S", "p1": "K", "p2": "K"}
    edges = [
        Edge("t1", "a", "lead", note="lead"),
        Edge("t2", "a", "co-responsible", note="co-responsible"),
        Edge("t1", "p1", note="names"),
        Edge("t2", "p1", note="names"),
        Edge("t2", "p2", note="names"),
    ]
    out = {
        (e.source, e.target, e.closed): (e.style, e.note, e.width) for e in aggregate(edges, within)
    }
    assert out == {
        ("t1", "a", ()): ("lead", "lead", None),
        ("S", "a", ("S",)): ("lead", "lead ×1, co-responsible ×1", 4.0),  # the stronger role
        ("t2", "a", ()): ("co-responsible", "co-responsible", None),
        ("t1", "p1", ()): ("link", "names", None),
        ("t1", "K", ("K",)): ("link", "names ×1", 1.0),
        ("S", "p1", ("S",)): ("link", "names ×2", 1.75),
        ("S", "K", ("S", "K")): ("link", "names ×3", 2.5),
        ("t2", "p1", ()): ("link", "names", None),
        ("t2", "K", ("K",)): ("link", "names ×2", 1.75),
        ("t2", "p2", ()): ("link", "names", None),
        ("S", "p2", ("S",)): ("link", "names ×1", 1.0),
    }
    assert aggregate(edges, {}) == edges  # no groups: the edges as they are


def test_overview_opens_grouped_by_section_and_kind(built: Path) -> None:
    """The bundled overview: few nodes drawn at first, each task in its section's group (read
    from the graph), each group labelled with its tasks, and a group's line to an agency
    counting the group's tasks that name it."""
    g = Graph().parse(built / "graph.ttl")
    view = overview(read_facts(g))
    first = [n for n in view.nodes if not n.within]
    assert len(first) <= READABLE + 10 < len(view.nodes)
    groups = {n.id: n for n in view.nodes if n.kind == "section"}
    tasks = {str(t): str(g.value(t, PK.inSection)) for t in g.subjects(RDF.type, PK.Task)}
    sizes = {s: sum(1 for x in tasks.values() if x == s) for s in set(tasks.values())}
    assert set(groups) == {s for s, n in sizes.items() if n >= 2}
    for n in view.nodes:
        if n.kind == "task":
            assert n.within == (tasks[n.id] if tasks[n.id] in groups else ""), n.id
    for s, node in groups.items():
        assert node.label.endswith(f" · {sizes[s]} tasks"), node.label
        assert node.id in view.entries and view.entries[node.id].kind == "section"
    checked = 0
    drawn_sectors = {n.id for n in first if n.kind == "sector"}
    assert drawn_sectors and not any(g.value(URIRef(s), SKOS.broader) for s in drawn_sectors)
    for e in view.edges:
        if (
            e.closed == (e.source,)
            and e.source in groups
            and e.target in {n.id for n in first if n.kind == "agency"}
        ):
            naming = {str(t) for t in g.subjects(PK.involves, URIRef(e.target))}
            count = sum(1 for t in naming if tasks[t] == e.source)
            assert sum(int(k) for k in re.findall(r"×(\d+)", e.note)) == count, e
            checked += 1
    assert checked >= 2 * len(groups)  # every group names an agency or two
    assert all(set(e.closed) <= {n.id for n in view.nodes if not n.within} for e in view.edges)


def test_a_small_graph_is_drawn_ungrouped() -> None:
    g = tiny([("1", "A", "lead"), ("1", "B", "co"), ("2", "B", "lead")])
    view = overview(read_facts(g))
    assert not view.entries and not any(n.within for n in view.nodes)
    assert not any(e.closed for e in view.edges)


def test_a_section_title_that_closes_its_script_stays_inert(built: Path) -> None:
    """A section's title is plan text too: drawn on a group's box and in its details, as the
    plan gives it, and closing no script block."""
    g = Graph().parse(built / "graph.ttl")
    facts = read_facts(g)
    section = str(mint("henan-2023", "section", "2.3"))
    number, _en, zh = facts.sections[section]
    facts.sections[section] = (number, f"Industry {BREAKOUT}", zh)
    view = overview(facts)
    html = render_view(view, facts)
    assert html.lower().count("</script") == 4 and "<img" not in html.lower()
    data = page_data(html)
    label = {n["id"]: n["label"] for n in data["nodes"]}
    assert label[section].startswith(f"2.3 Industry {BREAKOUT}"[:43]), label[section]
    assert data["info"][section]["en"] == f"2.3 Industry {BREAKOUT}"
