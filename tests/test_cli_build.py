"""`plankg build` with its defaults, both Henan versions, and `plankg diff` on the result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.io import PLANS

pytestmark = pytest.mark.slow  # the bundled build with figures and site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", "--strict", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "31 tasks from 2 source(s)" in result.output
    return out


def test_default_build_is_both_henan_versions(built: Path) -> None:
    report = (built / "report.md").read_text(encoding="utf-8")
    assert "## Where the language versions disagree" in report
    assert "| henan-2023 | 19 | lead missing | zh |" in report
    assert "## 河南省减污降碳协同增效行动方案" in report
    graph = (built / "graph.ttl").read_text(encoding="utf-8")
    assert "henan-2023.zh.txt" in graph and "henan-2023.en.txt" in graph


def test_figures_are_drawn_on_demand(built: Path) -> None:
    """The default build draws no figure (matplotlib would double its CPU); the index says how
    to get them, and `--figures` draws them for the index to show."""
    assert not (built / "figures").exists()
    index = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert "<code>plankg build --figures</code> draws them" in index
    assert "data:image/png" not in index


def test_chinese_alone_strict(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(PLANS / "henan-2023.zh.txt"), "--strict", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "0 bodies not in the registry" in result.output


def test_diff(built: Path) -> None:
    result = CliRunner().invoke(
        main, ["diff", "henan-2023", "--graph", str(built / "graph.ttl"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    by_task = {(r["task"], r["kind"], r["version"]) for r in rows}
    assert ("19", "lead missing", "zh") in by_task
    assert ("9", "note missing", "zh") in by_task
    assert ("13", "note cut", "en") in by_task
    assert sum(1 for r in rows if r["kind"] == "title missing") == 28


def test_diff_unknown_plan(built: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "hunan-2020", "--graph", str(built / "graph.ttl")])
    assert result.exit_code != 0
    assert "no plan 'hunan-2020'" in result.stderr and "henan-2023" in result.stderr
