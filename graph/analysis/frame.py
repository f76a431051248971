"""pandas DataFrames of the analyses, for notebooks:

from rdflib import Graph
from graph.analysis.frame import frame
g = Graph().parse("out/graph.ttl")
frame(g, "burden").head()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .adapted import adapted_tasks
from .burden import agreement, burden_table
from .centrality import centrality_table
from .clusters import clusters
from .compare import function_table, plan_summary
from .places import matrix_rows, places_table, sector_matrix
from .scope import AnalysisError, find_plan, slug

if TYPE_CHECKING:
    import pandas as pd

TABLES: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "burden": burden_table,
    "agreement": agreement,
    "centrality": centrality_table,
    "clusters": lambda g, plan=None, **kw: clusters(g, plan, **kw)["clusters"],
    "pairs": lambda g, plan=None, **kw: clusters(g, plan, **kw)["pairs"],
    "places": places_table,
    "sectors": lambda g, plan=None, **kw: matrix_rows(sector_matrix(g, plan, **kw)),
    "compare": lambda g, plan=None: of_plan(g, plan, function_table(g)),
    "plan-summary": lambda g, plan=None: of_plan(g, plan, plan_summary(g)),
    "adapted": adapted_tasks,
}


def of_plan(g: Graph, plan: str | None, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of one plan (their "plan" column), or all of them for None."""
    found = find_plan(g, plan)
    return rows if found is None else [r for r in rows if r["plan"] == slug(found)]


def frame(g: Graph, table: str = "burden", plan: str | None = None, **options: Any) -> pd.DataFrame:
    """One analysis as a DataFrame, rows in the library's order; options go to the analysis
    (by=, weights=, seed=, level=, ...). Tables: burden, agreement, centrality, clusters, pairs,
    places, sectors (the agency x sector matrix in long form; pivot it for the wide one); and
    across plans: compare (function x plan, `plankg compare`), plan-summary (its per-plan
    table) and adapted (the tasks a plan takes over from a parent plan, with both texts)."""
    import pandas as pd

    if table not in TABLES:
        raise AnalysisError(f"unknown table {table!r} (tables: {', '.join(TABLES)})")
    return pd.DataFrame(TABLES[table](g, plan, **options))
