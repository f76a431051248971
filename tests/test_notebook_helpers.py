"""graph.notebook: where the notebooks find the build, a view inline, profiles as DataFrames."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from graph.analysis.scope import AnalysisError
from graph.notebook import (
    OUT_VARIABLE,
    agency_frames,
    disagreements,
    example_plans,
    out_dir,
    site_page,
    view,
)


def fake_build(directory: Path, pages: tuple[str, ...] = ("agency-network", "map")) -> Path:
    """Just the files the helpers look for: graph.ttl and some pages of site/."""
    (directory / "site").mkdir(parents=True)
    (directory / "graph.ttl").write_text("", encoding="utf-8")
    for page in pages:
        (directory / "site" / f"{page}.html").write_text("<html></html>", encoding="utf-8")
    return directory


def test_out_dir_reads_the_environment_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = fake_build(tmp_path / "elsewhere")
    monkeypatch.setenv(OUT_VARIABLE, str(built))
    assert out_dir(tmp_path / "nowhere") == built


def test_out_dir_defaults_to_out_beside_notebooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(OUT_VARIABLE, raising=False)
    fake_build(tmp_path / "out")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    assert out_dir() == Path("../out")


def test_out_dir_without_a_build_says_what_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(OUT_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"\.\./out/graph\.ttl: .*run `make demo`"):
        out_dir()


def test_view_is_an_iframe_of_a_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = fake_build(tmp_path / "out")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    html = view("map", built, height=400)._repr_html_()
    assert 'src="../out/site/map.html"' in html
    assert 'height="400"' in html


def test_unknown_page_lists_the_pages(tmp_path: Path) -> None:
    built = fake_build(tmp_path)
    with pytest.raises(
        FileNotFoundError, match=r"no such page \(pages in .*: agency-network, map;"
    ):
        site_page("netwrok", built)
    assert site_page("map.html", built) == built / "site" / "map.html"


def test_agency_frames(bilingual_graph: Graph) -> None:
    frames = agency_frames(bilingual_graph, "生态环境厅")
    assert list(frames) == ["agency", "burden", "tasks", "partners", "sectors", "places"]
    assert frames["agency"].loc[0, "en"] == "Henan Provincial Department of Ecology and Environment"
    burden = frames["burden"].set_index("measure")
    assert burden.loc["tasks", "value"] == 31 and burden.loc["led", "rank"] == 1
    led = frames["tasks"].query("role == 'lead'")["task"].tolist()
    assert led == ["1", "3", "10", "19", "21", "G1"]  # as `plankg query tasks-led-by` says
    assert frames["partners"].loc[0, "shared"] == 26


def test_agency_frames_with_an_ambiguous_name(bilingual_graph: Graph) -> None:
    with pytest.raises(AnalysisError, match="give more of the name"):
        agency_frames(bilingual_graph, "Department")


def test_disagreements(bilingual_graph: Graph, henan_graph: Graph) -> None:
    rows = disagreements(bilingual_graph, "henan-2023")
    assert list(rows.columns) == ["task", "kind", "version", "agency", "detail"]
    lead = rows[rows["kind"] == "lead missing"]
    assert lead[["task", "version"]].values.tolist() == [["19", "zh"]]
    assert disagreements(henan_graph, "henan-2023").empty  # one version: nothing to compare


def test_example_plans() -> None:
    names = [p.name for p in example_plans()]
    assert names[:2] == ["henan-2023.en.txt", "henan-2023.zh.txt"]
    assert {"mee-2022.zh.txt", "zhengzhou-2023.zh.txt", "hubei-2023.en.txt"} <= set(names)
    assert all(os.path.isfile(p) for p in example_plans())
