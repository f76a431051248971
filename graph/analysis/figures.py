"""Figures of who carries the plan, as PNG bytes (SVG on demand; same input, same bytes).

Each figure is bounded: it draws the TOP_AGENCIES agencies with most tasks and says how many
more there are (`plankg rank` lists them all), so a corpus never yields a chart thousands of
pixels tall.

Chinese labels are drawn with Noto Sans CJK (SIL Open Font License 1.1), which the
`notojp-matplotlib` dependency installs; it is registered with matplotlib here, without that
package's import-time change to matplotlib's global settings.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .burden import burden_table
from .heatmap import ANY_ROLE, function_cells, shares
from .places import sector_matrix
from .scope import AnalysisError, plans

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONT_PACKAGE = "notojp_matplotlib"
FONT_FILE = "NotoSansCJKjp-Regular.otf"
FONT_NAME = "plankg Noto Sans CJK"
TOP_AGENCIES = 25  # rows a figure draws at most: the agencies with most tasks
TOP_FUNCTIONS = 25  # rows of the function x plan heatmap: the functions on most tasks
TOP_PLANS = 30  # its columns at most (`plankg compare` lists every plan)
FORMATS = ("png", "svg")  # what render_figure writes; PNG is the default (the site shows it)
# (column of burden_table, legend, colour)
ROLE_BARS = [
    ("led", "lead", "#b2182b"),
    ("co-responsible", "co-responsible", "#4393c3"),
    ("cooperating", "cooperating", "#92c5de"),
    ("supporting", "supporting", "#d1e5f0"),
]


def cjk_font() -> str:
    """Register the bundled Noto Sans CJK with matplotlib under a name of its own, so that a
    system copy of the same family (fonts-noto-cjk) never takes its place; that name."""
    from dataclasses import replace

    from matplotlib import font_manager, ft2font

    if not any(f.name == FONT_NAME for f in font_manager.fontManager.ttflist):
        spec = importlib.util.find_spec(FONT_PACKAGE)  # finds the package without importing it
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError(f"the {FONT_PACKAGE} package (Chinese font) is not installed")
        path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / FONT_FILE
        entry = font_manager.ttfFontProperty(ft2font.FT2Font(str(path)))
        font_manager.fontManager.ttflist.append(replace(entry, name=FONT_NAME))
    return FONT_NAME


def style() -> dict[str, Any]:
    """matplotlib settings for every figure: the CJK font, fixed SVG ids, text as paths."""
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [cjk_font(), "DejaVu Sans"],
        "svg.hashsalt": "plankg",
        "svg.fonttype": "path",
        "axes.unicode_minus": False,
    }


def two_line(zh: str, en: str) -> str:
    return f"{zh}\n{en}" if zh and zh != en else en


def more_agencies(shown: int, named: int) -> str:
    """The title line a bounded figure adds, or nothing when it draws every agency."""
    if shown >= named:
        return ""
    return (
        f"\nthe {shown} agencies with most tasks, and {named - shown} more (plankg rank lists all)"
    )


def burden_figure(rows: list[dict[str, Any]], top: int = TOP_AGENCIES) -> Figure:
    """Horizontal bars, one per agency named on a task (the `top` with most tasks), stacked by
    role; most tasks on top."""
    from matplotlib.figure import Figure

    named = [r for r in rows if r["tasks"]]
    shown = named[:top][::-1]
    apart = [r for r in rows if r["implemented"]]
    fig = Figure(figsize=(11, 1.5 + 0.55 * max(len(shown), 1)), layout="constrained")
    ax = fig.add_subplot()
    names = [two_line(r["zh"], r["agency"]) for r in shown]
    left = [0.0] * len(shown)
    for column, role, colour in ROLE_BARS:
        values = [float(r[column]) for r in shown]
        ax.barh(names, values, left=left, color=colour, label=role, edgecolor="white")
        left = [a + b for a, b in zip(left, values, strict=True)]
    for y, total in enumerate(left):
        ax.text(total + 0.2, y, f"{total:g}", va="center", fontsize=8)
    ax.set_xlabel("tasks (by the agency's role on each)")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(loc="lower right", frameon=False)
    title = "Who carries the plan: tasks per agency, by role / 各部门承担任务数（按职责）"
    if apart:
        title += f"\nimplementers counted apart ({len(apart)} bodies, up to "
        title += f"{max(r['implemented'] for r in apart)} tasks each)"
    title += more_agencies(len(shown), len(named))
    ax.set_title(title, fontsize=10, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def sector_figure(matrix: dict[str, Any], top: int = TOP_AGENCIES) -> Figure:
    """Heatmap of tasks per agency (rows: the `top` with most tasks) and top-level sector
    (columns), counts written in."""
    from matplotlib.figure import Figure

    counts = matrix["tasks"][:top]
    rows = [two_line(a["zh"], a["en"]) for a in matrix["agencies"][:top]]
    cols = [two_line(s["zh"], s["en"]) for s in matrix["sectors"]]
    fig = Figure(figsize=(3 + 1.0 * max(len(cols), 1), 1.5 + 0.5 * max(len(rows), 1)))
    fig.set_layout_engine("constrained")
    ax = fig.add_subplot()
    if not counts:
        ax.text(0.5, 0.5, "no agency named on a task with a sector", ha="center")
        return fig
    image = ax.imshow(counts, cmap="Blues", aspect="auto")
    peak = max(max(row) for row in counts) or 1
    for i, row in enumerate(counts):
        for j, n in enumerate(row):
            if n:
                colour = "white" if n > peak / 2 else "black"
                ax.text(j, i, str(n), ha="center", va="center", fontsize=7, color=colour)
    ax.set_xticks(range(len(cols)), cols, fontsize=7, rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), rows, fontsize=7)
    title = "Tasks per agency and sector / 各部门分领域任务数"
    title += more_agencies(len(rows), len(matrix["agencies"]))
    ax.set_title(title, fontsize=10, loc="left")
    fig.colorbar(image, ax=ax, shrink=0.5, label="tasks")
    return fig


def plan_title(g: Graph, plan: str) -> str:
    """A plan as a column heads it: its Chinese title (else English) over its id."""
    from rdflib.namespace import DCTERMS

    titles = {
        getattr(t, "language", "") or "": str(t) for t in g.objects(plans(g)[plan], DCTERMS.title)
    }
    title = titles.get("zh") or titles.get("en") or ""
    return two_line(title if title != plan else "", plan)


def function_plan_figure(
    cells: dict[str, Any],
    columns: list[str],
    top: int = TOP_FUNCTIONS,
    most_plans: int = TOP_PLANS,
) -> Figure:
    """Heatmap of the share of each plan's tasks (columns, headed by `columns`) that name a
    body of each agency function (rows: the `top` functions on most tasks), in any role;
    percentages written in, blank where the function is absent from the plan."""
    from matplotlib.figure import Figure

    functions = cells["functions"][:top]
    matrix = [row[:most_plans] for row in shares(cells, ANY_ROLE)[:top]]
    heads = columns[:most_plans]
    fig = Figure(figsize=(4 + 0.9 * max(len(heads), 1), 2.5 + 0.42 * max(len(functions), 1)))
    fig.set_layout_engine("constrained")
    ax = fig.add_subplot()
    if not functions:
        ax.text(0.5, 0.5, "no agency named on a task", ha="center")
        return fig
    percent = [[100 * v for v in row] for row in matrix]
    image = ax.imshow(percent, cmap="Oranges", aspect="auto", vmin=0, vmax=100)
    for i, row in enumerate(percent):
        for j, v in enumerate(row):
            if len(cells["cells"][functions[i]["id"], cells["plans"][j]][ANY_ROLE]):
                colour = "white" if v > 50 else "black"
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7, color=colour)
    ax.set_xticks(range(len(heads)), heads, fontsize=7, rotation=40, ha="right")
    ax.set_yticks(
        range(len(functions)), [two_line(f["zh"], f["en"]) for f in functions], fontsize=7
    )
    title = (
        "Which kind of body each plan names: % of the plan's tasks, any role / 各类部门参与任务占比"
    )
    if len(cells["functions"]) > top:
        title += f"\nthe {top} functions on most tasks, and {len(cells['functions']) - top} more"
    if len(cells["plans"]) > most_plans:
        title += (
            f"\nthe first {most_plans} plans of {len(cells['plans'])} (plankg compare lists all)"
        )
    ax.set_title(title, fontsize=10, loc="left")
    fig.colorbar(image, ax=ax, shrink=0.4, label="% of the plan's tasks")
    return fig


def render_figure(fig: Figure, fmt: str) -> bytes:
    """PNG or SVG bytes with no date or version in them."""
    buf = io.BytesIO()
    metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    fig.savefig(buf, format=fmt, dpi=150, metadata=metadata)
    return buf.getvalue()


def figure_files(
    g: Graph, plan: str | None = None, formats: tuple[str, ...] = ("png",)
) -> dict[str, bytes]:
    """figures/burden.FMT and figures/agency-sector.FMT of one plan or all, for each of
    `formats` (PNG only by default: drawing SVG too doubled the cost of the figures); with
    every plan of a graph of several, figures/function-plan.FMT too (the function x plan
    heatmap)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise AnalysisError(f"unknown figure format {unknown[0]!r} (formats: {', '.join(FORMATS)})")
    import matplotlib

    with matplotlib.rc_context(style()):
        figures = {
            "burden": burden_figure(burden_table(g, plan)),
            "agency-sector": sector_figure(sector_matrix(g, plan, level="top")),
        }
        if plan is None and len(plans(g)) > 1:
            cells = function_cells(g)
            columns = [plan_title(g, p) for p in cells["plans"]]
            figures["function-plan"] = function_plan_figure(cells, columns)
        return {
            f"figures/{name}.{fmt}": render_figure(fig, fmt)
            for name, fig in figures.items()
            for fmt in formats
        }
