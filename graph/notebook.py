"""Helpers for the notebooks in notebooks/, so that their cells stay one or two lines each.

from graph.notebook import out_dir, view
out = out_dir()                 # $PLANKG_OUT, else ../out (what `make demo` wrote)
view("agency-network", out)     # the offline page in an iframe
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .io import ROOT, bundled_plans

if TYPE_CHECKING:
    import pandas as pd
    from IPython.display import IFrame
    from rdflib import Graph

OUT_VARIABLE = "PLANKG_OUT"
# Jupyter starts a notebook's kernel in the notebook's directory: notebooks/ -> ../out
DEFAULT_OUT = Path("../out")
INVENTED_PLANS = ROOT / "tests" / "data" / "plans"  # test fixtures: in a checkout, not a wheel
PROFILE_PARTS = ("burden", "tasks", "partners", "sectors", "places")


def out_dir(default: str | Path = DEFAULT_OUT) -> Path:
    """The directory `plankg build` wrote: $PLANKG_OUT when it is set, else `default`.

    FileNotFoundError, saying what to run, when there is no graph.ttl in it.
    """
    out = Path(os.environ.get(OUT_VARIABLE) or default)
    if not (out / "graph.ttl").is_file():
        raise FileNotFoundError(
            f"{out / 'graph.ttl'}: no built graph here; run `make demo` (or `plankg build -o "
            f"{out}`) first, or set {OUT_VARIABLE} to the directory a build wrote"
        )
    return out


def site_page(page: str, out: str | Path) -> Path:
    """The file of one page of DIR/site/: "agency-network", "map", "agencies/henan.finance"."""
    site = Path(out) / "site"
    path = site / (page if page.endswith(".html") else f"{page}.html")
    if not path.is_file():
        pages = ", ".join(sorted(p.stem for p in site.glob("*.html"))) or "none"
        raise FileNotFoundError(
            f"{path}: no such page (pages in {site}: {pages}; `plankg views` writes them)"
        )
    return path


def view(page: str = "agency-network", out: str | Path | None = None, height: int = 600) -> IFrame:
    """A page of the offline site in an iframe, where pyvis's own notebook mode may show an
    empty box. Its source is a path relative to the working directory (the notebook's), not a
    URL: Jupyter serves the file beside the notebook, and the page loads nothing else."""
    from IPython.display import IFrame

    path = site_page(page, out_dir() if out is None else out)
    return IFrame(os.path.relpath(path), width="100%", height=height)


def agency_frames(g: Graph, name: str, plan: str | None = None) -> dict[str, pd.DataFrame]:
    """One agency's profile, as `plankg agency NAME` prints it, in DataFrames: "agency" (its
    names and IRI), "burden", "tasks", "partners", "sectors" and "places".

    name is what `plankg agency` takes: an English or Chinese name, an alias, or a part of
    one that fits a single agency (AnalysisError with the candidates otherwise).
    """
    import pandas as pd

    from .analysis.names import find_agency
    from .analysis.profile import agency_profile

    profile = agency_profile(g, find_agency(g, name), plan)
    who = {key: profile["agency"][key] for key in ("en", "zh", "iri")}
    return {"agency": pd.DataFrame([who])} | {
        part: pd.DataFrame(profile[part]) for part in PROFILE_PARTS
    }


def disagreements(g: Graph, plan: str) -> pd.DataFrame:
    """Where the language versions of a plan disagree, task by task (`plankg diff PLAN`)."""
    import pandas as pd

    from .reconcile import read_disagreements

    columns = ["task", "kind", "version", "agency", "detail"]
    return pd.DataFrame(read_disagreements(g, plan), columns=columns)


def example_plans() -> list[Path]:
    """Plans to build into one graph and compare: the bundled Henan plan (English and
    Chinese) and the invented plans of tests/data/plans/ (two Shanxi plans, Hubei, the city
    of Zhengzhou and a national ministry), which imitate the genre and are checked by hand.

    The invented plans are test fixtures, in a source checkout only: FileNotFoundError, saying
    so, where there are none (an installed wheel), rather than a shorter list."""
    invented = sorted(INVENTED_PLANS.glob("*.txt"))
    if not invented:
        raise FileNotFoundError(
            f"{INVENTED_PLANS}: no invented plans here; they come with a source checkout "
            "of plankg (tests/data/plans/), not with an installed package"
        )
    return [*bundled_plans(), *invented]
