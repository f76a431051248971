"""The compare page's data on a hand-checkable graph of two plans: the function x plan cells
and their tasks, the lineage of the plan that adapts the other's tasks, the plan facet of the
views, and the page and figure written only for a graph of several plans."""

from __future__ import annotations

import json
import re

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS, XSD

from graph.analysis.compare import function_table
from graph.analysis.figures import figure_files
from graph.analysis.heatmap import function_cells, shares
from graph.namespace import PK, mint
from graph.views.compare import cell_text, heat, number_key
from graph.views.facts import read_facts
from graph.views.networks import overview
from graph.views.page import filters
from graph.views.site import site_files

from .views_support import SCRIPT, add_agency, add_task, new_plan, xss_graph

A1, A2 = mint("a-2024", "task", "1"), mint("a-2024", "task", "2")
B1, B2 = mint("b-2024", "task", "1"), mint("b-2024", "task", "2")


def two_plans() -> Graph:
    """Plan a: task 1 led by a's industry office, its environment office co-responsible;
    task 2 (its text is markup) led by the environment office. Plan b: task 1 led by a body
    of no known function, b's environment office cooperating, and adapting a's task 1 (score
    0.5); task 2 led by b's environment office, adapting nothing. Industry is absent from b."""
    g = Graph()
    for fid, en, zh in (
        ("industry-it", "Industry and IT", "工业和信息化"),
        ("ecology-environment", "Ecology and environment", "生态环境"),
    ):
        g.add((mint("function", fid), SKOS.prefLabel, Literal(en, lang="en")))
        g.add((mint("function", fid), SKOS.prefLabel, Literal(zh, lang="zh")))
    new_plan(g, "a-2024", "Plan A")
    new_plan(g, "b-2024", "Plan B")
    ind = add_agency(g, mint("a", "agency", "industry"), "A Industry Office", "甲工信厅")
    env_a = add_agency(g, mint("a", "agency", "environment"), "A Environment Office", "甲环境厅")
    env_b = add_agency(g, mint("b", "agency", "environment"), "B Environment Office", "乙环境厅")
    other = add_agency(g, mint("b", "agency", "other"), "B Other Office")
    g.add((ind, PK.function, mint("function", "industry-it")))
    for env in (env_a, env_b):
        g.add((env, PK.function, mint("function", "ecology-environment")))
    add_task(g, "a-2024", "1", "1. Cut coal.", "", [(ind, PK.Lead), (env_a, PK.CoResponsible)])
    add_task(g, "a-2024", "2", f"2. Clean air {SCRIPT}.", "", [(env_a, PK.Lead)], start=20)
    add_task(g, "b-2024", "1", "1. Cut coal here.", "", [(other, PK.Lead), (env_b, PK.Cooperating)])
    add_task(g, "b-2024", "2", "2. Plant trees.", "", [(env_b, PK.Lead)], start=20)
    alignment = mint("b-2024", "task", "1", "alignment", "a-2024")
    g.add((B1, PK.adapts, A1))
    g.add((B1, PK.hasAlignment, alignment))
    g.add((alignment, RDF.type, PK.Alignment))
    g.add((alignment, PK.alignedTo, A1))
    g.add((alignment, PK.alignmentScore, Literal("0.5", datatype=XSD.decimal)))
    return g


def test_cells_hold_the_tasks_behind_each_count() -> None:
    found = function_cells(two_plans())
    assert found["plans"] == ["a-2024", "b-2024"]
    assert found["plan_tasks"] == {"a-2024": 2, "b-2024": 2}
    # most involved first (environment: 2 + 2 tasks, industry 1), bodies of no function last
    assert [f["id"] for f in found["functions"]] == ["ecology-environment", "industry-it", "none"]
    assert found["functions"][0] == {
        "id": "ecology-environment",
        "en": "Ecology and environment",
        "zh": "生态环境",
    }
    cells = found["cells"]
    env_a = cells["ecology-environment", "a-2024"]
    assert env_a["lead"] == [str(A2)] and env_a["co-responsible"] == [str(A1)]
    assert env_a["any"] == [str(A1), str(A2)] and env_a["cooperating"] == []
    env_b = cells["ecology-environment", "b-2024"]
    assert env_b["lead"] == [str(B2)] and env_b["cooperating"] == [str(B1)]
    assert cells["industry-it", "a-2024"]["lead"] == [str(A1)]
    assert all(v == [] for v in cells["industry-it", "b-2024"].values())  # absent from b
    assert cells["none", "b-2024"]["lead"] == [str(B1)]
    assert shares(found) == [[1.0, 1.0], [0.5, 0.0], [0.0, 0.5]]
    assert shares(found, "lead") == [[0.5, 0.5], [0.5, 0.0], [0.0, 0.5]]


def test_cells_agree_with_the_compare_table() -> None:
    g = two_plans()
    cells = function_cells(g)["cells"]
    for row in function_table(g):
        cell = cells[row["function"], row["plan"]]
        assert len(cell["lead"]) == row["led"], row
        assert len(cell["co-responsible"]) == row["co-responsible"], row
        assert len(cell["any"]) == row["involved"], row


def test_cell_words_and_colour_steps() -> None:
    assert (cell_text(0, 2), cell_text(1, 2), cell_text(2, 3)) == ("–", "1 · 50%", "2 · 67%")
    assert [heat(n, 10) for n in (0, 1, 2, 3, 8, 10)] == [0, 1, 1, 2, 4, 5]
    assert sorted(["10", "G1", "2", "3.2", "3"], key=number_key) == ["2", "3", "3.2", "10", "G1"]


def page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="plankg-compare">(.*?)</script>', html)
    assert found, "no data block"
    return json.loads(found.group(1))


def test_the_compare_page_lists_cells_and_lineage_with_text_escaped() -> None:
    site = site_files(two_plans())
    html = site["site/compare.html"]
    assert SCRIPT not in html  # plan text is data, never markup
    data = page_data(html)
    tasks = data["tasks"]
    lead = [tasks[i] for i in data["cells"]["ecology-environment\ta-2024"]["lead"]]
    assert [(t["plan"], t["number"], t["text"]) for t in lead] == [
        ("a-2024", "2", f"2. Clean air {SCRIPT}.")
    ]
    end = 20 + len(f"2. Clean air {SCRIPT}.")
    assert lead[0]["where"] == f"a-2024.en.txt, characters 20–{end}"
    assert lead[0]["href"].startswith("overview.html#node=")
    # the table as printed: environment in a, any role, 2 of 2 tasks
    assert re.search(
        r'<td class="num heat-5"><button type="button" data-function="ecology-environment" '
        r'data-plan="a-2024">2 · 100%</button>',
        html,
    )
    # lineage: b's task 1 beside a's task 1, b's task 2 added, a's task 2 not taken over
    lineage = html[html.index('id="lineage"') :]
    assert "1 of the plan's 2 tasks takes over a task of" in re.sub(r"\s+", " ", lineage)
    assert re.search(r"task 1</a>.*?0\.50.*?task 1</a>", lineage, re.S)
    # the lead's continuity, as `plankg compare --lineage` has it: a's industry office led
    # task 1, b's task 1 is led by a body of no function
    assert '<td class="lead">lead changed from industry-it to none</td>' in lineage
    assert "added by the plan" in lineage
    dropped = lineage[lineage.index("not taken over</h4>") :]
    assert "task 2</a>" in dropped and "Clean air &lt;script&gt;" in dropped


def test_index_links_the_compare_page_and_each_plans_ranking() -> None:
    site = site_files(two_plans())
    index = site["site/index.html"]
    assert 'href="compare.html"' in index
    for plan in ("a-2024", "b-2024"):
        assert f'href="plans/{plan}.html"' in index
    page = site["site/plans/b-2024.html"]
    ranked = re.findall(r'<a href="\.\./agencies/[^"]+">([^<]+)</a>|<td>([^<]+ Office)</td>', page)
    names = {a or b for a, b in ranked}
    assert names == {"B Environment Office", "B Other Office"}  # b's agencies, not a's


def test_one_plan_has_no_compare_page_and_no_plan_filter() -> None:
    g = xss_graph()
    site = site_files(g)
    assert "site/compare.html" not in site and not any("site/plans/" in k for k in site)
    facts = read_facts(g)
    assert [f["key"] for f in filters(overview(facts), facts)] == [
        "kind",
        "agency",
        "sector",
        "city",
    ]
    assert "function-plan" not in " ".join(figure_files(g))


def test_the_plan_filter_offers_each_plan_and_ties_nodes_to_their_plans() -> None:
    g = two_plans()
    facts = read_facts(g)
    plan = next(f for f in filters(overview(facts), facts) if f["key"] == "plan")
    assert plan["label"] == "Plan"
    assert [v for v, _ in plan["options"]] == [str(mint("a-2024")), str(mint("b-2024"))]
    assert facts.entries[str(B1)].facets["plan"] == [str(mint("b-2024"))]
    environment = facts.entries[str(mint("b", "agency", "environment"))]
    assert environment.facets["plan"] == [str(mint("b-2024"))]


def test_the_figure_of_several_plans_is_drawn_and_the_same_each_time() -> None:
    g = two_plans()
    first, second = figure_files(g), figure_files(g)
    png = first["figures/function-plan.png"]
    assert png.startswith(b"\x89PNG") and png == second["figures/function-plan.png"]


def test_the_pages_are_the_same_bytes_on_every_build() -> None:
    first, second = site_files(two_plans()), site_files(two_plans())
    for path in ("site/compare.html", "site/plans/a-2024.html", "site/index.html"):
        assert first[path] == second[path], path


def test_the_heatmap_figure_stays_bounded_for_many_functions_and_plans() -> None:
    import matplotlib

    from graph.analysis.figures import TOP_FUNCTIONS, TOP_PLANS, function_plan_figure, style

    plans = [f"plan-{i:02d}" for i in range(45)]
    functions = [{"id": f"f{i:02d}", "en": f"Function {i}", "zh": "职能"} for i in range(60)]
    cells = {
        "plans": plans,
        "plan_tasks": dict.fromkeys(plans, 4),
        "functions": functions,
        "cells": {
            (f["id"], p): {r: ["t"] if (i + j) % 3 == 0 else [] for r in ("lead", "any")}
            for i, f in enumerate(functions)
            for j, p in enumerate(plans)
        },
    }
    with matplotlib.rc_context(style()):
        fig = function_plan_figure(cells, plans)
        width, height = fig.get_size_inches()
        drawn = fig.axes[0].images[0].get_array().shape
    assert drawn == (TOP_FUNCTIONS, TOP_PLANS)
    assert width <= 4 + 0.9 * TOP_PLANS and height <= 2.5 + 0.42 * TOP_FUNCTIONS
    title = fig.axes[0].get_title(loc="left")
    assert f"and {60 - TOP_FUNCTIONS} more" in title and f"of {len(plans)}" in title
