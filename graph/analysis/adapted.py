"""The tasks a plan takes over from a parent plan of the graph: the adopted rows of
compare.lineage (pk:adapts, the score on its pk:Alignment; graph/lineage.py explains the method),
each with its text and where it stands in its source, beside the parent's task, and the
functions of the bodies named on each, so a reader can check the pair in both source files.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from ..namespace import PK
from .compare import ADOPTED, LINEAGE_COLUMNS, function_of, lineage_nodes, parents
from .scope import assignments, find_plan, slug, strongest_roles

COLUMNS = [
    *LINEAGE_COLUMNS,
    "task_id",
    "parent_task_id",
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


def named_functions(g: Graph) -> dict[URIRef, str]:
    """task -> the functions of every body named on it, "; "-joined (implementers left out)."""
    return {
        task: "; ".join(sorted({function_of(g, agency) for agency in roles}))
        for task, roles in strongest_roles(assignments(g)).items()
    }


def adapted_tasks(g: Graph, plan: str | None = None) -> list[dict[str, Any]]:
    """The adopted rows of compare.lineage for the plan (None: every plan with a parent), most
    alike first (score, then task id), each with both task ids, the functions of every body
    named on each, and each text with its source file and character offsets."""
    find_plan(g, plan)
    functions = named_functions(g)
    rows = []
    for pid, parent_id in parents(g, plan):
        for row, task, target in lineage_nodes(g, pid, parent_id):
            if row["status"] != ADOPTED or task is None or target is None:
                continue
            text, source, start, end = where(g, task)
            p_text, p_source, p_start, p_end = where(g, target)
            rows.append(
                row
                | {
                    "task_id": slug(task),
                    "parent_task_id": slug(target),
                    "functions": functions.get(task, ""),
                    "parent_functions": functions.get(target, ""),
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
    return sorted(rows, key=lambda r: (-(r["score"] or 0.0), r["task_id"]))
