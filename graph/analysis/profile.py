"""One agency's part in the plans: its burden, tasks, partners, sectors and places."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from ..namespace import PK
from .burden import MEASURES, role_weights, scores
from .places import place_kind
from .projection import co_responsibility
from .scope import NAMED_ROLES, ROLE_NAMES, assignments, label, plan_of, slug

ROLE_ORDER = [ROLE_NAMES[r] for r in (*NAMED_ROLES, PK.Implementer)]


def task_key(g: Graph, task: URIRef) -> tuple:
    """Tasks in printed order: 1, 2, ..., 28, then G1, G2 (plans by id first)."""
    number = str(g.value(task, PK.taskNumber) or slug(task))
    return (
        slug(plan_of(g, task) or ""),
        not number.isdigit(),
        int(number) if number.isdigit() else 0,
        number,
    )


def agency_profile(
    g: Graph,
    agency: URIRef,
    plan: str | None = None,
    weights: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """{"agency", "burden" (value and rank under every measure), "tasks" (each task with the
    agency's roles and the task's title), "partners" (by shared tasks), "sectors", "places"}."""
    items = assignments(g, plan)
    table = scores(items, role_weights(weights))
    mine = table.get(agency)
    burden = []
    for measure in MEASURES:
        value = mine[measure] if mine else 0.0
        rank = 1 + sum(1 for s in table.values() if s[measure] > value) if mine else None
        burden.append(
            {"measure": measure, "value": round(value, 6), "rank": rank, "of": len(table)}
        )
    roles: dict[URIRef, list[str]] = {}
    for a in items:
        if a.agency == agency:
            roles.setdefault(a.task, []).append(ROLE_NAMES[a.role])
    tasks = []
    for task in sorted(roles, key=lambda t: (min(map(ROLE_ORDER.index, roles[t])), task_key(g, t))):
        held = sorted(roles[task], key=ROLE_ORDER.index)
        tasks.append(
            {
                "task": str(g.value(task, PK.taskNumber) or slug(task)),
                "plan": slug(plan_of(g, task) or ""),
                "role": held[0],
                "roles": held,
                "title": label(g, task),
                "zh": label(g, task, "zh"),
                "text": opening(g, task),
                "iri": str(task),
            }
        )
    named = [t for t in roles if set(roles[t]) - {"implementer"}]
    return {
        "agency": {
            "iri": str(agency),
            "en": label(g, agency),
            "zh": label(g, agency, "zh"),
            "aliases": sorted({str(v) for v in g.objects(agency, SKOS.altLabel)}),
        },
        "burden": burden,
        "tasks": tasks,
        "partners": partners(g, items, agency),
        "sectors": counted(g, named, PK.concernsSector, "sector"),
        "places": counted(g, named, PK.mentionsPlace, "place"),
    }


def opening(g: Graph, task: URIRef, width: int = 80) -> str:
    """The start of the task's text (English where there is one), for tasks without a title."""
    texts = sorted(g.objects(task, PK.text), key=lambda t: getattr(t, "language", None) != "en")
    text = " ".join(str(texts[0]).split()) if texts else ""
    return text if len(text) <= width else text[: width - 1] + "…"


def partners(g: Graph, items: list, agency: URIRef) -> list[dict[str, Any]]:
    G = co_responsibility(items)
    if agency not in G:
        return []
    rows = [
        {
            "agency": label(g, b),
            "zh": label(g, b, "zh"),
            "shared": d["shared"],
            "newman": round(d["newman"], 6),
            "iri": str(b),
        }
        for b, d in G[agency].items()
    ]
    return sorted(rows, key=lambda r: (-r["shared"], -r["newman"], r["agency"]))


def counted(g: Graph, tasks: list[URIRef], prop: URIRef, key: str) -> list[dict[str, Any]]:
    """The objects of prop over tasks, with how many of the tasks reach each; most first."""
    counts = Counter(o for t in tasks for o in set(g.objects(t, prop)))
    rows = []
    for node, n in counts.items():
        row: dict[str, Any] = {key: label(g, node), "zh": label(g, node, "zh"), "tasks": n}
        if key == "place":
            row["kind"] = place_kind(g, node)
        rows.append(row | {"iri": str(node)})
    return sorted(rows, key=lambda r: (-r["tasks"], r[key], r["iri"]))
