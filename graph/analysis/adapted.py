"""The tasks a plan takes over from a parent plan of the graph, as the build's alignment found
them (pk:adapts, with the score on its pk:Alignment; graph/lineage.py explains the method):
each with its text and where it stands in its source, beside the parent's task, and the
function of the body leading each, so a reader can check the pair in both source files.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from ..namespace import PK
from .compare import function_of
from .scope import ROLE_NAMES, assignments, find_plan, plan_of, slug, strongest_roles, tasks

COLUMNS = [
    "task",
    "parent_task",
    "score",
    "lead_function",
    "parent_lead_function",
    "functions",
    "parent_functions",
    "text",
    "source",
    "start",
    "end",
    "parent_text",
    "parent_source",
    "parent_start",
    "parent_end",
]


def where(g: Graph, task: URIRef, lang: str = "zh") -> tuple[str, str, int, int]:
    """(text, source file, start, end) of the task in its source of that language."""
    text = next(
        (str(t) for t in g.objects(task, PK.text) if getattr(t, "language", "") == lang), ""
    )
    for passage in sorted(g.objects(task, PK.passage)):
        source = g.value(passage, PK.statedIn)
        if source is not None and str(g.value(source, DCTERMS.language) or "") == lang:
            start, end = g.value(passage, PK.sourceStart), g.value(passage, PK.sourceEnd)
            name = str(g.value(source, PROV.atLocation) or "")
            return text, name, int(start or 0), int(end or 0)
    return text, "", 0, 0


def named_functions(g: Graph) -> dict[URIRef, dict[str, set[str]]]:
    """task -> {"lead": functions of the bodies leading it, "named": of every body named on
    it (implementers left out)}."""
    out: dict[URIRef, dict[str, set[str]]] = {}
    for task, roles in strongest_roles(assignments(g)).items():
        held = out.setdefault(task, {"lead": set(), "named": set()})
        for agency, role in roles.items():
            f = function_of(g, agency)
            held["named"].add(f)
            if ROLE_NAMES[role] == "lead":
                held["lead"].add(f)
    return out


def adapted_tasks(g: Graph, plan: str) -> list[dict[str, Any]]:
    """One row per task of the plan that adapts a task of another plan, most alike first
    (score, then task number): the two tasks (ids), the score, the functions of the bodies
    leading each and of every body named on each ("; "-joined), and each text with its
    source file and character offsets."""
    find_plan(g, plan)
    functions = named_functions(g)

    def joined(task: URIRef, key: str) -> str:
        return "; ".join(sorted(functions.get(task, {}).get(key, set())))

    rows = []
    for task in tasks(g, plan):
        for alignment in sorted(g.objects(task, PK.hasAlignment)):
            parent = g.value(alignment, PK.alignedTo)
            score = g.value(alignment, PK.alignmentScore)
            if not isinstance(parent, URIRef) or score is None or plan_of(g, parent) is None:
                continue
            text, source, start, end = where(g, task)
            p_text, p_source, p_start, p_end = where(g, parent)
            rows.append(
                {
                    "task": slug(task),
                    "parent_task": slug(parent),
                    "score": float(score),
                    "lead_function": joined(task, "lead"),
                    "parent_lead_function": joined(parent, "lead"),
                    "functions": joined(task, "named"),
                    "parent_functions": joined(parent, "named"),
                    "text": text,
                    "source": source,
                    "start": start,
                    "end": end,
                    "parent_text": p_text,
                    "parent_source": p_source,
                    "parent_start": p_start,
                    "parent_end": p_end,
                }
            )
    return sorted(rows, key=lambda r: (-r["score"], r["task"]))
