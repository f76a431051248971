"""What the build writes from the analyses: analysis.ttl, the figures (Chinese labels drawn, the
same bytes every time), and the DataFrame helper."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from graph.analysis.figures import (
    burden_figure,
    figure_files,
    render_figure,
    sector_figure,
    style,
)
from graph.analysis.frame import frame
from graph.analysis.results import analysis_graph
from graph.analysis.scope import AnalysisError
from graph.namespace import PK, VOCAB, mint

from .conftest import HENAN_EN

EE = mint("henan", "agency", "ecology-environment")


def test_results_use_only_declared_terms(henan_graph: Graph) -> None:
    out = analysis_graph(henan_graph)
    used = {p for p in out.predicates() if str(p).startswith(VOCAB)}
    used |= {o for o in out.objects(None, RDF.type) if str(o).startswith(VOCAB)}
    assert used <= {PK[name] for name in PK.__annotations__}
    assert {PK.burden, PK.centrality, PK.cluster, PK.Score, PK.Clustering} <= used


def test_results_answer_sparql(henan_graph: Graph) -> None:
    both = henan_graph + analysis_graph(henan_graph)
    query = """
        SELECT ?agency ?name WHERE {
            ?agency pk:burden [ pk:measure "tasks" ; pk:rank 1 ] ;
                    skos:prefLabel ?name ; pk:cluster ?cluster .
            ?cluster pk:inClustering/pk:runs 20 .
            FILTER (lang(?name) = "zh")
        }"""
    rows = list(
        both.query(query, initNs={"pk": PK._NS, "skos": "http://www.w3.org/2004/02/skos/core#"})
    )
    assert [(r.agency, str(r.name)) for r in rows] == [(EE, "河南省生态环境厅")]


def test_results_per_plan_carry_their_scope(henan_graph: Graph) -> None:
    out = analysis_graph(henan_graph, plan="henan-2023")
    scored = set(out.subjects(RDF.type, PK.Score))
    assert scored and all((s, PK.scope, mint("henan-2023")) in out for s in scored)
    assert (None, PK.scope, None) not in analysis_graph(henan_graph)


def test_chinese_labels_are_drawn_not_boxes(henan_graph: Graph) -> None:
    import matplotlib
    from matplotlib import font_manager

    with matplotlib.rc_context(style()):
        path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert Path(path).name == "NotoSansCJKjp-Regular.otf"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure_files(henan_graph)
    assert not [w for w in caught if "missing from font" in str(w.message)]
    # the check above can fail: without the CJK font, matplotlib warns of every missing glyph
    rows = [{"agency": "A", "zh": "河南省生态环境厅", "tasks": 1, "led": 1, "implemented": 0}]
    rows[0] |= {"co-responsible": 0, "cooperating": 0, "supporting": 0}
    with (
        matplotlib.rc_context({"font.family": "DejaVu Sans"}),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        render_figure(burden_figure(rows), "png")
    assert [w for w in caught if "missing from font" in str(w.message)]


def test_figures_are_png_by_default_svg_on_demand_without_dates(henan_graph: Graph) -> None:
    files = figure_files(henan_graph)
    assert sorted(files) == ["figures/agency-sector.png", "figures/burden.png"]
    assert files["figures/burden.png"].startswith(b"\x89PNG\r\n\x1a\n")
    both = figure_files(henan_graph, formats=("png", "svg"))
    assert {k: both[k] for k in files} == files
    svg = both["figures/burden.svg"].decode("utf-8")
    assert "<svg" in svg and "<dc:date>" not in svg
    assert figure_files(henan_graph) == files
    with pytest.raises(AnalysisError, match="unknown figure format 'jpg'"):
        figure_files(henan_graph, formats=("jpg",))


def agency_rows(n: int) -> list[dict[str, object]]:
    """n agencies, agency i on n - i tasks, all led."""
    rows = []
    for i in range(n):
        rows.append({"agency": f"Agency {i}", "zh": "", "tasks": n - i, "led": n - i})
        rows[-1] |= {"co-responsible": 0, "cooperating": 0, "supporting": 0, "implemented": 0}
    return rows


def test_burden_figure_draws_the_top_agencies_and_counts_the_rest() -> None:
    fig = burden_figure(agency_rows(30), top=25)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 25 and labels[-1] == "Agency 0" and "Agency 25" not in labels
    assert "the 25 agencies with most tasks, and 5 more" in ax.get_title(loc="left")
    everyone = burden_figure(agency_rows(25), top=25).axes[0]
    assert len(everyone.get_yticklabels()) == 25 and "more" not in everyone.get_title(loc="left")


def test_sector_figure_draws_the_top_agencies_and_counts_the_rest() -> None:
    matrix = {
        "agencies": [{"agency": f"a{i}", "en": f"Agency {i}", "zh": ""} for i in range(4)],
        "sectors": [{"sector": "s", "en": "Sector", "zh": ""}],
        "tasks": [[4], [3], [2], [1]],
    }
    ax = sector_figure(matrix, top=3).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Agency 0", "Agency 1", "Agency 2"]
    assert "the 3 agencies with most tasks, and 1 more" in ax.get_title(loc="left")


def build(tmp_path: Path, seed: str) -> dict[str, bytes]:
    out = tmp_path / seed
    env = {"PYTHONHASHSEED": seed, "PATH": "", "MPLCONFIGDIR": str(tmp_path / "mpl")}
    env |= {k: os.environ[k] for k in ("HOME",) if k in os.environ}
    subprocess.run(
        [sys.executable, "-m", "graph.cli", "build", str(HENAN_EN), "--figures", "-o", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    files = [out / "analysis.ttl", *sorted((out / "figures").iterdir())]
    return {p.name: p.read_bytes() for p in files}


@pytest.mark.slow  # two builds in fresh processes
def test_build_writes_analysis_and_figures_same_bytes(tmp_path: Path) -> None:
    first = build(tmp_path, "1")
    assert sorted(first) == sorted(["analysis.ttl", "agency-sector.png", "burden.png"])
    results = Graph().parse(data=first["analysis.ttl"].decode("utf-8"), format="turtle")
    assert (None, PK.measure, Literal("share")) in results
    assert build(tmp_path, "2") == first


def test_dataframes(henan_graph: Graph) -> None:
    burden = frame(henan_graph, "burden", by="led")
    assert burden.iloc[0]["iri"] == str(EE) and len(burden) > 20
    assert list(frame(henan_graph, "centrality").columns[:3]) == ["agency", "zh", "degree"]
    sectors = frame(henan_graph, "sectors").pivot(index="agency", columns="sector", values="tasks")
    assert sectors.loc[burden.iloc[0]["agency"]].notna().sum() > 3
    with pytest.raises(AnalysisError, match="unknown table"):
        frame(henan_graph, "horoscope")
